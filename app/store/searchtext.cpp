#include "searchtext.h"

namespace {

// Letters that stay themselves under NFKD although readers treat them as a base letter with
// a mark, or as two letters. Folded (lower case) forms only: the text is case folded first.
QStringView spelledOut(char32_t c)
{
    switch (c) {
    case U'ø':
        return u"o";
    case U'æ':
        return u"ae";
    case U'œ':
        return u"oe";
    case U'ß':
        return u"ss";
    case U'ł':
        return u"l";
    case U'đ':
    case U'ð':
        return u"d";
    case U'þ':
        return u"th";
    case U'ı':
        return u"i";
    case U'ħ':
        return u"h";
    case U'ŧ':
        return u"t";
    default:
        return {};
    }
}

bool isDropped(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Other_Control:
    case QChar::Other_Format:
        return true;
    default:
        return false;
    }
}

} // namespace

QString SearchText::normalized(const QString &text)
{
    // Decompose first: some compatibility characters decompose to capitals (ℌ → H), which the
    // folding then takes care of. Folding again after the table is not needed: it yields only
    // lower-case ASCII.
    const QString folded = text.normalized(QString::NormalizationForm_KD).toCaseFolded();
    QString result;
    result.reserve(folded.size());
    bool pendingSpace = false;
    for (qsizetype i = 0; i < folded.size(); ++i) {
        char32_t c = folded.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < folded.size()
            && folded.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(folded.at(i), folded.at(i + 1));
            ++i;
        }
        if (QChar::isSpace(c) || c == Separator.unicode()) {
            pendingSpace = !result.isEmpty();
            continue;
        }
        if (isDropped(c))
            continue;
        if (pendingSpace) {
            result.append(u' ');
            pendingSpace = false;
        }
        if (const QStringView spelled = spelledOut(c); !spelled.isEmpty())
            result.append(spelled);
        else if (QChar::requiresSurrogates(c))
            result.append(QChar(QChar::highSurrogate(c))).append(QChar(QChar::lowSurrogate(c)));
        else
            result.append(QChar(c));
    }
    return result;
}

QString SearchText::forPerson(const QString &name, const QString &userId)
{
    if (name.isEmpty() && userId.isEmpty())
        return {};
    return normalized(name) + Separator + normalized(userId);
}
