#pragma once

#include <QString>

// The text a person search compares: what the events table keeps in `search_text` and what a
// filter's words are turned into before they are looked for in it. SQLite compares text byte
// by byte (its LIKE folds ASCII letters only), so case and accents are taken out once, in C++,
// when an event is written, and the database then looks for a plain substring.
class SearchText final
{
public:
    // Case folded, compatibility-decomposed (NFKD) with the combining marks dropped, a few
    // letters that Unicode does not decompose spelled in Latin letters (ø → o, æ → ae, ß → ss,
    // ł → l, đ/ð → d, þ → th, œ → oe, ı → i), control and format characters dropped, runs of
    // white space made one space, and trimmed. "José", "JOSE" and "jose" all become "jose";
    // "Øyvind" becomes "oyvind". It does not transliterate between scripts ("Мария" does not
    // become "maria") and leaves scripts without case or accents (CJK) as they are.
    static QString normalized(const QString &text);

    // The `search_text` of an event's person: the normalized name and user id, apart so that
    // no substring matches across the two. A null string when both are empty.
    static QString forPerson(const QString &name, const QString &userId);

    // What separates the name from the user id in forPerson(); normalized() never yields it.
    static constexpr QChar Separator = u'\x1f';
};
