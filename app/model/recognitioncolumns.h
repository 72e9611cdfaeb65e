#pragma once

#include "event/alertrules.h"

#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <QVariant>

#include <functional>

struct RecognitionEvent;

// The columns and roles a table of recognitions shows, the same for the live view
// (RecognitionModel) and the history (HistoryModel): what each cell says, its tooltip, the
// typed value of each RecognitionRoles role that an event alone answers. Columns are
// RecognitionModel::Column values.
class RecognitionColumns final
{
    Q_DECLARE_TR_FUNCTIONS(RecognitionColumns)

public:
    // The device's time, else the receive time, in Unix ms (0 when neither is known).
    static qint64 timestampOf(const RecognitionEvent &event);
    static QVariant display(const RecognitionEvent &event, int column);
    static QVariant toolTip(const RecognitionEvent &event, int column,
                            AlertRules::Reasons alertReasons);
    static QVariant header(int column);
    static bool isNumeric(int column);
    // The value in a type that sorts right (numbers, ms), for proxies (SortRole).
    static QVariant sortValue(const RecognitionEvent &event, int column);
    // The RecognitionRoles an event answers by itself (not the thumbnail's, the sequence's or
    // the sort's); an invalid QVariant for any other role.
    static QVariant roleData(const RecognitionEvent &event, int role,
                             AlertRules::Reasons alertReasons);
    // What a model knows of a row besides its event.
    struct RowState
    {
        quint64 sequence = 0; // SequenceRole
        bool hasSnapshot = false;
        bool thumbnailFailed = false;
        // The face as far as it is decoded (null until then); asking may start the decoding.
        std::function<QImage()> thumbnail;
    };
    // Everything a cell of a recognition table answers, for every role: the one data() of
    // both models.
    static QVariant data(const RecognitionEvent &event, int column, int role,
                         AlertRules::Reasons alertReasons, const RowState &row);
    // QML and debugging names of every RecognitionRoles role.
    static QHash<int, QByteArray> roleNames();
};
