#pragma once

#include "event/alertrules.h"

#include <QDialog>
#include <QHash>

class QCheckBox;

// Which reasons raise an alert at this station.
class AlertRulesDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AlertRulesDialog(AlertRules::Reasons enabled, QWidget *parent = nullptr);

    AlertRules::Reasons reasons() const;

private:
    QHash<QCheckBox *, AlertRules::Reason> m_boxes;
};
