#pragma once

#include "export/csvexporter.h"

#include <QDialog>

#include <optional>

class ExportJob;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QToolButton;

// Export ▸ CSV from the History window: exactly the recognitions of its current filter, oldest
// first, with the columns and rules of `gatewatch export`; optionally every snapshot into a
// folder. The export runs on its own thread (ExportJob) with a progress bar; Cancel (or Esc)
// stops it and leaves no file under the chosen name. At the end the dialog says what was
// written and where, and can open that folder.
//
// The folder chosen last and the two options are remembered (QSettings "export/…"). The byte
// order mark for Excel is on unless the user turned it off.
class ExportDialog final : public QDialog
{
    Q_OBJECT

public:
    // `expectedRows`: what the History window counted for the filter, when known.
    ExportDialog(QString databasePath, EventFilter filter, std::optional<qint64> expectedRows,
                 QSettings *settings, QWidget *parent = nullptr);
    ~ExportDialog() override;

    QString outputFile() const;
    void setOutputFile(const QString &path);
    // Empty when snapshots are not exported.
    QString imagesDir() const;
    void setImagesDir(const QString &path); // an empty path turns snapshots off
    bool excelBom() const;
    void setExcelBom(bool on);

    ExportJob *job() const { return m_job; }
    bool isRunning() const;
    // What the dialog says now: the summary at the end, the error, or the progress.
    QString statusText() const;
    // The result of the last export, once one has finished.
    std::optional<ExportResult> lastResult() const { return m_result; }

    // Starts the export as the Export button does (after the same checks); false when it
    // did not start, with the reason in statusText().
    bool startExport();

signals:
    void exportFinished(const ExportResult &result);

public slots:
    void reject() override;

private:
    void buildUi(std::optional<qint64> expectedRows);
    void chooseFile();
    void chooseFolder();
    void onFileEdited();
    void onProgress(qint64 done, qint64 total);
    void onFinished(const ExportResult &result);
    void setRunning(bool running);
    void showError(const QString &message);
    QString defaultImagesDir() const;
    void rememberChoices();

    QString m_databasePath;
    EventFilter m_filter;
    QSettings *m_settings;
    ExportJob *m_job;
    std::optional<ExportResult> m_result;
    QString m_finishedFile; // the file of the last successful export
    QString m_finishedImagesDir;
    QString m_confirmedFile; // chosen in the file dialog, which asked about replacing it
    bool m_imagesDirEdited = false;

    QLineEdit *m_file = nullptr;
    QToolButton *m_browseFile = nullptr;
    QCheckBox *m_withImages = nullptr;
    QLineEdit *m_images = nullptr;
    QToolButton *m_browseImages = nullptr;
    QCheckBox *m_bom = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_openFolder = nullptr;
    QPushButton *m_close = nullptr;
};
