#include "exportdialog.h"

#include "export/exportjob.h"

#include <QCheckBox>
#include <QDate>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <utility>

using namespace Qt::StringLiterals;

namespace {
const auto LastDirectoryKey = u"export/lastDirectory"_s;
const auto ExcelBomKey = u"export/excelBom"_s;
const auto WithSnapshotsKey = u"export/withSnapshots"_s;

int plural(qint64 n)
{
    return int(std::min<qint64>(n, INT_MAX));
}

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}
} // namespace

ExportDialog::ExportDialog(QString databasePath, EventFilter filter,
                           std::optional<qint64> expectedRows, QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_databasePath(std::move(databasePath))
    , m_filter(std::move(filter))
    , m_settings(settings)
    , m_job(new ExportJob(this))
{
    setWindowTitle(tr("Export the history"));
    buildUi(expectedRows);
    connect(m_job, &ExportJob::progress, this, &ExportDialog::onProgress);
    connect(m_job, &ExportJob::finished, this, &ExportDialog::onFinished);

    QString directory = m_settings->value(LastDirectoryKey).toString();
    if (directory.isEmpty() || !QFileInfo(directory).isDir())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (directory.isEmpty() || !QFileInfo(directory).isDir())
        directory = QDir::homePath();
    const QString name
        = u"gatewatch-history-%1.csv"_s.arg(QDate::currentDate().toString(Qt::ISODate));
    m_file->setText(nativePath(QDir(directory).filePath(name)));
    onFileEdited();
    m_withImages->setChecked(m_settings->value(WithSnapshotsKey, false).toBool());
    m_bom->setChecked(m_settings->value(ExcelBomKey, true).toBool());
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::buildUi(std::optional<qint64> expectedRows)
{
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(
        expectedRows
            ? tr("Exports the %Ln recognition(s) of the History window's filter, oldest first, "
                 "as CSV: the columns of 'gatewatch export'.",
                 nullptr, plural(*expectedRows))
            : tr("Exports the recognitions of the History window's filter, oldest first, as "
                 "CSV: the columns of 'gatewatch export'."));
    intro->setObjectName(u"intro"_s);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_file = new QLineEdit;
    m_file->setObjectName(u"file"_s);
    m_file->setMinimumWidth(420);
    m_browseFile = new QToolButton;
    m_browseFile->setText(tr("…"));
    m_browseFile->setToolTip(tr("Choose the file"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browseFile);
    auto *fileLabel = new QLabel(tr("CSV &file:"));
    fileLabel->setBuddy(m_file);
    form->addRow(fileLabel, fileRow);

    m_withImages = new QCheckBox(tr("Save the &snapshots as JPEG files, named in the CSV"));
    m_withImages->setObjectName(u"withImages"_s);
    form->addRow(QString(), m_withImages);
    m_images = new QLineEdit;
    m_images->setObjectName(u"imagesDir"_s);
    m_browseImages = new QToolButton;
    m_browseImages->setText(tr("…"));
    m_browseImages->setToolTip(tr("Choose the folder"));
    auto *imagesRow = new QHBoxLayout;
    imagesRow->addWidget(m_images, 1);
    imagesRow->addWidget(m_browseImages);
    auto *imagesLabel = new QLabel(tr("Snapshot f&older:"));
    imagesLabel->setBuddy(m_images);
    form->addRow(imagesLabel, imagesRow);

    m_bom = new QCheckBox(tr("For &Excel: start the file with a UTF-8 byte order mark"));
    m_bom->setObjectName(u"excelBom"_s);
    m_bom->setToolTip(tr("Excel needs it to read names in any script correctly; LibreOffice "
                         "and scripts read the file either way."));
    form->addRow(QString(), m_bom);
    layout->addLayout(form);

    m_progress = new QProgressBar;
    m_progress->setObjectName(u"progress"_s);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status = new QLabel;
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addStretch(1);

    // Open folder sits outside the button box, which shows every button it lays out again.
    auto *footer = new QHBoxLayout;
    m_openFolder = new QPushButton(tr("&Open folder"));
    m_openFolder->setObjectName(u"openFolder"_s);
    m_openFolder->setAutoDefault(false);
    m_openFolder->setVisible(false);
    m_buttons = new QDialogButtonBox;
    m_export = m_buttons->addButton(tr("&Export"), QDialogButtonBox::ActionRole);
    m_export->setObjectName(u"export"_s);
    m_export->setDefault(true);
    m_close = m_buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(u"close"_s);
    footer->addWidget(m_openFolder);
    footer->addStretch(1);
    footer->addWidget(m_buttons);
    layout->addLayout(footer);

    const auto imagesEnabled = [this] {
        const bool on = m_withImages->isChecked() && !isRunning();
        m_images->setEnabled(on);
        m_browseImages->setEnabled(on);
    };
    connect(m_withImages, &QCheckBox::toggled, this, imagesEnabled);
    imagesEnabled();
    connect(m_file, &QLineEdit::textEdited, this, &ExportDialog::onFileEdited);
    connect(m_images, &QLineEdit::textEdited, this, [this] { m_imagesDirEdited = true; });
    connect(m_browseFile, &QToolButton::clicked, this, &ExportDialog::chooseFile);
    connect(m_browseImages, &QToolButton::clicked, this, &ExportDialog::chooseFolder);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_finishedFile).absolutePath()));
    });
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);
}

QString ExportDialog::outputFile() const
{
    return QDir::fromNativeSeparators(m_file->text().trimmed());
}

void ExportDialog::setOutputFile(const QString &path)
{
    m_file->setText(nativePath(path));
    onFileEdited();
}

QString ExportDialog::imagesDir() const
{
    return m_withImages->isChecked() ? QDir::fromNativeSeparators(m_images->text().trimmed())
                                     : QString();
}

void ExportDialog::setImagesDir(const QString &path)
{
    m_withImages->setChecked(!path.isEmpty());
    if (!path.isEmpty()) {
        m_images->setText(nativePath(path));
        m_imagesDirEdited = true;
    }
}

bool ExportDialog::excelBom() const
{
    return m_bom->isChecked();
}

void ExportDialog::setExcelBom(bool on)
{
    m_bom->setChecked(on);
}

bool ExportDialog::isRunning() const
{
    return m_job->isRunning();
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

QString ExportDialog::defaultImagesDir() const
{
    const QFileInfo file(outputFile());
    if (file.fileName().isEmpty())
        return {};
    return file.dir().filePath(file.completeBaseName() + u"-snapshots"_s);
}

void ExportDialog::onFileEdited()
{
    if (!m_imagesDirEdited)
        m_images->setText(nativePath(defaultImagesDir()));
}

void ExportDialog::chooseFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), outputFile(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    // The file dialog has asked about replacing an existing file already.
    m_file->setText(nativePath(path));
    onFileEdited();
    m_confirmedFile = path;
}

void ExportDialog::chooseFolder()
{
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Save the snapshots in"), QDir::fromNativeSeparators(m_images->text().trimmed()));
    if (path.isEmpty())
        return;
    m_images->setText(nativePath(path));
    m_imagesDirEdited = true;
}

void ExportDialog::showError(const QString &message)
{
    m_status->setText(message);
}

bool ExportDialog::startExport()
{
    if (isRunning())
        return false;
    QString path = outputFile();
    if (path.isEmpty()) {
        showError(tr("Choose the file to export to."));
        m_file->setFocus();
        return false;
    }
    QFileInfo file(path);
    if (file.isRelative()) {
        // Relative to the folder the default name is in, not to wherever the app started.
        const QString base = m_settings->value(LastDirectoryKey, QDir::homePath()).toString();
        file.setFile(QDir(base), path);
        path = file.absoluteFilePath();
    }
    if (file.isDir()) {
        showError(tr("%1 is a folder; choose a file name.").arg(nativePath(path)));
        m_file->setFocus();
        return false;
    }
    if (!file.absoluteDir().exists()) {
        showError(tr("The folder %1 does not exist.").arg(nativePath(file.absolutePath())));
        m_file->setFocus();
        return false;
    }
    QString images = imagesDir();
    if (m_withImages->isChecked()) {
        if (images.isEmpty()) {
            showError(tr("Choose the folder for the snapshots."));
            m_images->setFocus();
            return false;
        }
        const QFileInfo folder(file.absoluteDir(), images);
        if (folder.exists() && !folder.isDir()) {
            showError(tr("%1 is a file, not a folder.").arg(nativePath(images)));
            m_images->setFocus();
            return false;
        }
        images = folder.absoluteFilePath();
    }
    if (file.exists() && m_confirmedFile != path) {
        const auto answer = QMessageBox::question(
            this, tr("Replace the file?"),
            tr("%1 exists already. Replace it with this export?").arg(nativePath(path)),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            showError(tr("Nothing was exported."));
            return false;
        }
    }

    ExportOptions options;
    options.databasePath = m_databasePath;
    options.outputFile = path;
    options.imagesDir = images;
    options.filter = m_filter;
    options.excelBom = m_bom->isChecked();
    if (!m_job->start(options))
        return false;
    m_finishedFile = path;
    m_finishedImagesDir = images;
    m_result.reset();
    rememberChoices();
    m_status->setText(tr("Counting…"));
    m_progress->setValue(0);
    setRunning(true);
    return true;
}

void ExportDialog::rememberChoices()
{
    m_settings->setValue(LastDirectoryKey, QFileInfo(m_finishedFile).absolutePath());
    m_settings->setValue(ExcelBomKey, m_bom->isChecked());
    m_settings->setValue(WithSnapshotsKey, m_withImages->isChecked());
}

void ExportDialog::setRunning(bool running)
{
    m_progress->setVisible(running || m_progress->value() > 0);
    m_export->setEnabled(!running);
    m_file->setEnabled(!running);
    m_browseFile->setEnabled(!running);
    m_withImages->setEnabled(!running);
    m_bom->setEnabled(!running);
    const bool images = m_withImages->isChecked() && !running;
    m_images->setEnabled(images);
    m_browseImages->setEnabled(images);
    m_close->setText(running ? tr("&Cancel") : tr("&Close"));
    if (running)
        m_openFolder->setVisible(false);
}

void ExportDialog::onProgress(qint64 done, qint64 total)
{
    if (m_job->isCancelling())
        return;
    m_progress->setVisible(true);
    m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    const QLocale locale;
    m_status->setText(
        tr("%1 of %Ln row(s) written…", nullptr, plural(total)).arg(locale.toString(done)));
}

void ExportDialog::onFinished(const ExportResult &result)
{
    m_result = result;
    const QLocale locale;
    const QString file = nativePath(m_finishedFile);
    const QString folder = nativePath(m_finishedImagesDir);
    QString text;
    if (result.ok) {
        m_progress->setValue(1000);
        text = tr("Exported %Ln row(s) to %1 (%2).", nullptr, plural(result.rows))
                   .arg(file, locale.formattedDataSize(result.bytes));
        if (!m_finishedImagesDir.isEmpty())
            text += u'\n'
                + tr("%Ln snapshot(s) saved in %1.", nullptr, plural(result.images)).arg(folder);
    } else {
        m_progress->setValue(0);
        text = result.cancelled
            ? tr("Export cancelled: nothing was written to %1.").arg(file)
            : tr("The export failed: %1\nNothing was written to %2.").arg(result.error, file);
        if (result.images > 0)
            text += u'\n'
                + tr("The %Ln snapshot(s) saved before stay in %1.", nullptr, plural(result.images))
                      .arg(folder);
    }
    m_status->setText(text);
    setRunning(false);
    m_progress->setVisible(result.ok);
    m_openFolder->setVisible(result.ok);
    emit exportFinished(result);
}

void ExportDialog::reject()
{
    if (isRunning()) {
        m_job->cancel();
        m_status->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}
