#include "acknowledgedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

AcknowledgeDialog::AcknowledgeDialog(const QString &what, const QString &operatorName,
                                     QWidget *parent)
    : QDialog(parent)
    , m_note(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Acknowledge alert"));
    auto *layout = new QVBoxLayout(this);
    auto *summary = new QLabel(what, this);
    summary->setWordWrap(true);
    summary->setTextFormat(Qt::PlainText);
    QFont bold = summary->font();
    bold.setBold(true);
    summary->setFont(bold);
    layout->addWidget(summary);
    auto *who = new QLabel(tr("Acknowledged as %1, now.").arg(operatorName), this);
    who->setTextFormat(Qt::PlainText);
    layout->addWidget(who);
    auto *noteLabel = new QLabel(tr("&Note (optional):"), this);
    noteLabel->setBuddy(m_note);
    layout->addWidget(noteLabel);
    m_note->setAccessibleName(tr("Note"));
    m_note->setPlaceholderText(tr("What was done, e.g. \"visitor, let in by reception\""));
    m_note->setTabChangesFocus(true);
    m_note->setMaximumHeight(m_note->fontMetrics().lineSpacing() * 5);
    layout->addWidget(m_note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Acknowledge"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_note->setFocus();
    resize(460, sizeHint().height());
}

QString AcknowledgeDialog::note() const
{
    return m_note->toPlainText().trimmed();
}
