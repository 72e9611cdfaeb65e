#pragma once

#include <QCoreApplication>
#include <QFlags>
#include <QString>
#include <QStringList>

struct RecognitionEvent;

// Why an event deserves the guard's attention. Which of these reasons raise an alert is the
// station's choice (AlertModel::setEnabledReasons, the window's alert rules); by default all do.
class AlertRules final
{
    Q_DECLARE_TR_FUNCTIONS(AlertRules)

public:
    enum class Reason {
        Stranger = 0x1, // recognizeStatus 3, or recognitionType 3
        Denied = 0x2, // pass false, or recognizeStatus 6 (authentication failed)
        NonLive = 0x4, // recognizeStatus 1, or recognitionType 4: a photo or a screen
        Blacklist = 0x8, // recognitionType 5, or a user of type 3
    };
    Q_DECLARE_FLAGS(Reasons, Reason)

    static constexpr int AllReasons = 0xf;

    // The codes the rules look at (seed specification and later firmware; see EventLabels),
    // public so that the store can ask the same questions in SQL.
    static constexpr int StatusNonLive = 1; // recognizeStatus
    static constexpr int StatusStranger = 3;
    static constexpr int StatusAuthenticationFailed = 6;
    static constexpr int TypeStranger = 3; // recognitionType
    static constexpr int TypeNonLive = 4;
    static constexpr int TypeBlacklist = 5;
    static constexpr int UserTypeBlacklist = 3; // the user's `type`

    static Reasons reasons(const RecognitionEvent &event);
    static Reasons all() { return Reasons::fromInt(AllReasons); }
    // Translated words for each reason, in the enum's order.
    static QStringList describe(Reasons reasons);
};

Q_DECLARE_OPERATORS_FOR_FLAGS(AlertRules::Reasons)

// True when at least one of the `enabled` reasons applies to the event.
bool isAlert(const RecognitionEvent &event, AlertRules::Reasons enabled = AlertRules::all());
