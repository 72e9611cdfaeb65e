// Fuzz target: whole WebSocket text frames through EventParser, as a terminal could send them.
//
// Properties: the parser never crashes or hangs; it either gives an event or a reason, never both
// and never neither; an accepted event's rawFrame (what the store keeps) is itself a frame the
// parser accepts with the same identity; a frame over maxFrameBytes() is refused as TooLarge.

#include "event/eventparser.h"
#include "fuzzcheck.h"

#include <QByteArrayView>
#include <QCoreApplication>

#include <cstddef>
#include <cstdint>

// libFuzzer's signature; the count is not const for QCoreApplication, which takes it by reference
// (clang-tidy 14 does not see that use).
// NOLINTNEXTLINE(readability-non-const-parameter)
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Translated messages and plugins need an application object, as in the product.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const EventParser parser;
    const QByteArrayView frame(data, static_cast<qsizetype>(size));
    const ParseOutcome outcome = parser.parse(frame);

    if (outcome.ok()) {
        FUZZ_CHECK(outcome.reason.isEmpty());
        const RecognitionEvent &event = *outcome.event;
        FUZZ_CHECK(!event.rawFrame.isEmpty());
        FUZZ_CHECK(event.snapshotJpeg.isEmpty() || event.snapshotError.isEmpty());
        FUZZ_CHECK(event.deviceName.isEmpty() && !event.receivedAt.isValid());

        const ParseOutcome again = parser.parse(event.rawFrame);
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again.event->deviceSn == event.deviceSn);
        FUZZ_CHECK(again.event->timestampMs == event.timestampMs);
        FUZZ_CHECK(again.event->pass == event.pass);
        FUZZ_CHECK(again.event->recognizeStatus == event.recognizeStatus);
        FUZZ_CHECK(again.event->uuid == event.uuid);
        FUZZ_CHECK(again.event->user.has_value() == event.user.has_value());
        if (event.user)
            FUZZ_CHECK(again.event->user->name == event.user->name);
    } else {
        FUZZ_CHECK(!outcome.event.has_value());
        FUZZ_CHECK(outcome.error != ParseError::None);
        FUZZ_CHECK(!outcome.reason.isEmpty());
        FUZZ_CHECK(outcome.warnings.isEmpty());
    }
    if (frame.size() > parser.maxFrameBytes())
        FUZZ_CHECK(outcome.error == ParseError::TooLarge);
    return 0;
}
