#pragma once

#include <QDialog>

// Help ▸ About GateWatch: the version, the Qt it was built with and runs on, the platform, where
// this station keeps its data, and the license. "Copy" puts the same facts on the clipboard as
// plain text, for a support request.
class AboutDialog final : public QDialog
{
    Q_OBJECT

public:
    // `databasePath` and `settingsPath` are shown as they are; either may be empty.
    AboutDialog(QString databasePath, QString settingsPath, QWidget *parent = nullptr);

    // The facts as plain text, one per line: what Copy puts on the clipboard.
    QString versionText() const;

private:
    QString m_databasePath;
    QString m_settingsPath;
};
