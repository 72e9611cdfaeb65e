#pragma once

#include <QDialog>

class QPlainTextEdit;

// Asks the guard to confirm an acknowledgement and lets them add a note ("visitor, let in by
// reception"). Shows what is being acknowledged and under which name.
class AcknowledgeDialog final : public QDialog
{
    Q_OBJECT

public:
    // `what`: one line per alert (or a count), `operatorName`: who acknowledges.
    AcknowledgeDialog(const QString &what, const QString &operatorName, QWidget *parent = nullptr);

    QString note() const;

private:
    QPlainTextEdit *m_note = nullptr;
};
