<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AlertBanner</name>
    <message numerus="yes">
        <source>%1 — %n unacknowledged alert(s)</source>
        <translation>
            <numerusform>%1 — %n unacknowledged alert</numerusform>
            <numerusform>%1 — %n unacknowledged alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeviceBackfill</name>
    <message numerus="yes">
        <source>done: %n record(s) fetched from the device&apos;s history</source>
        <translation>
            <numerusform>done: %n record fetched from the device&apos;s history</numerusform>
            <numerusform>done: %n records fetched from the device&apos;s history</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeviceEditorDialog</name>
    <message numerus="yes">
        <source>How often GateWatch pings the device; a link silent for twice that is dropped and reconnected. Default: %n second(s).</source>
        <translation>
            <numerusform>How often GateWatch pings the device; a link silent for twice that is dropped and reconnected. Default: %n second.</numerusform>
            <numerusform>How often GateWatch pings the device; a link silent for twice that is dropped and reconnected. Default: %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeviceModel</name>
    <message numerus="yes">
        <source>%n reconnection(s)</source>
        <translation>
            <numerusform>%n reconnection</numerusform>
            <numerusform>%n reconnections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n device</numerusform>
            <numerusform>%n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n device(s)</source>
        <translation>
            <numerusform>%1 of %n device</numerusform>
            <numerusform>%1 of %n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %1?</source>
        <translation>
            <numerusform>Remove %1?</numerusform>
            <numerusform>Remove %1?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n device(s) to %1. Passwords are not in the file: enter them at the other station.</source>
        <translation>
            <numerusform>Exported %n device to %1. Passwords are not in the file: enter them at the other station.</numerusform>
            <numerusform>Exported %n devices to %1. Passwords are not in the file: enter them at the other station.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n device(s) from %1.</source>
        <translation>
            <numerusform>Imported %n device from %1.</numerusform>
            <numerusform>Imported %n devices from %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DiscoveryDialog</name>
    <message numerus="yes">
        <source>%n terminal(s) found; the list follows the network.</source>
        <translation>
            <numerusform>%n terminal found; the list follows the network.</numerusform>
            <numerusform>%n terminals found; the list follows the network.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventStore</name>
    <message numerus="yes">
        <source>%n event(s) wait to be stored, as many as are kept in memory: events received from now on are not stored until the database can be written again.</source>
        <translation>
            <numerusform>%n event waits to be stored, as many as are kept in memory: events received from now on are not stored until the database can be written again.</numerusform>
            <numerusform>%n events wait to be stored, as many as are kept in memory: events received from now on are not stored until the database can be written again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recording stopped: %1. Events received meanwhile are kept in memory (up to %n) and stored as soon as the database can be written again. To resume, %2.</source>
        <translation>
            <numerusform>Recording stopped: %1. Events received meanwhile are kept in memory (up to %n) and stored as soon as the database can be written again. To resume, %2.</numerusform>
            <numerusform>Recording stopped: %1. Events received meanwhile are kept in memory (up to %n) and stored as soon as the database can be written again. To resume, %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) received while it could not be written were stored.</source>
        <translation>
            <numerusform>%n event received while it could not be written was stored.</numerusform>
            <numerusform>%n events received while it could not be written were stored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) received from %1 to %2 could not be kept and are not in the database.</source>
        <translation>
            <numerusform>%n event received from %1 to %2 could not be kept and is not in the database.</numerusform>
            <numerusform>%n events received from %1 to %2 could not be kept and are not in the database.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) were stored without their snapshot, for want of memory to keep it.</source>
        <translation>
            <numerusform>%n event was stored without its snapshot, for want of memory to keep it.</numerusform>
            <numerusform>%n events were stored without their snapshot, for want of memory to keep it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be stored before closing the database.</source>
        <translation>
            <numerusform>%n event could not be stored before closing the database.</numerusform>
            <numerusform>%n events could not be stored before closing the database.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acknowledgement(s) could not be stored before closing the database.</source>
        <translation>
            <numerusform>%n acknowledgement could not be stored before closing the database.</numerusform>
            <numerusform>%n acknowledgements could not be stored before closing the database.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n door log entry(s) could not be stored before closing the database.</source>
        <translation>
            <numerusform>%n door log entry could not be stored before closing the database.</numerusform>
            <numerusform>%n door log entries could not be stored before closing the database.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) received while the database could not be written were not kept.</source>
        <translation>
            <numerusform>%n event received while the database could not be written was not kept.</numerusform>
            <numerusform>%n events received while the database could not be written were not kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acknowledgement(s)</source>
        <translation>
            <numerusform>%n acknowledgement</numerusform>
            <numerusform>%n acknowledgements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n door log entry(s)</source>
        <translation>
            <numerusform>%n door log entry</numerusform>
            <numerusform>%n door log entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>Exports the %Ln recognition(s) of the History window&apos;s filter, oldest first, as CSV: the columns of &apos;gatewatch export&apos;.</source>
        <translation>
            <numerusform>Exports the %Ln recognition of the History window&apos;s filter, oldest first, as CSV: the columns of &apos;gatewatch export&apos;.</numerusform>
            <numerusform>Exports the %Ln recognitions of the History window&apos;s filter, oldest first, as CSV: the columns of &apos;gatewatch export&apos;.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s) written…</source>
        <translation>
            <numerusform>%1 of %Ln row written…</numerusform>
            <numerusform>%1 of %Ln rows written…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) to %1 (%2).</source>
        <translation>
            <numerusform>Exported %Ln row to %1 (%2).</numerusform>
            <numerusform>Exported %Ln rows to %1 (%2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln snapshot(s) saved in %1.</source>
        <translation>
            <numerusform>%Ln snapshot saved in %1.</numerusform>
            <numerusform>%Ln snapshots saved in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %Ln snapshot(s) saved before stay in %1.</source>
        <translation>
            <numerusform>The %Ln snapshot saved before stays in %1.</numerusform>
            <numerusform>The %Ln snapshots saved before stay in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n selected</numerusform>
            <numerusform>%n selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recognition(s)</source>
        <translation>
            <numerusform>%Ln recognition</numerusform>
            <numerusform>%Ln recognitions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recognitions older than %n day(s) will be deleted for good. Continue?</source>
        <translation>
            <numerusform>Recognitions older than %n day will be deleted for good. Continue?</numerusform>
            <numerusform>Recognitions older than %n days will be deleted for good. Continue?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeychainCredentialStore</name>
    <message numerus="yes">
        <source>no keychain service is available (it did not answer within %n s)</source>
        <translation>
            <numerusform>no keychain service is available (it did not answer within %n s)</numerusform>
            <numerusform>no keychain service is available (it did not answer within %n s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Live view paused — %n new recognition(s) waiting; they are being recorded and appear when you resume (Pause or Ctrl+Shift+P).</source>
        <translation>
            <numerusform>Live view paused — %n new recognition waiting; it is being recorded and appears when you resume (Pause or Ctrl+Shift+P).</numerusform>
            <numerusform>Live view paused — %n new recognitions waiting; they are being recorded and appear when you resume (Pause or Ctrl+Shift+P).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Live view paused — %n new recognition(s) waiting; they appear when you resume (Pause or Ctrl+Shift+P).</source>
        <translation>
            <numerusform>Live view paused — %n new recognition waiting; it appears when you resume (Pause or Ctrl+Shift+P).</numerusform>
            <numerusform>Live view paused — %n new recognitions waiting; they appear when you resume (Pause or Ctrl+Shift+P).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused: %n new waiting</source>
        <translation>
            <numerusform>Paused: %n new waiting</numerusform>
            <numerusform>Paused: %n new waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) waiting in memory to be stored.</source>
        <translation>
            <numerusform>%n event waiting in memory to be stored.</numerusform>
            <numerusform>%n events waiting in memory to be stored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be kept and will be missing from the database.</source>
        <translation>
            <numerusform>%n event could not be kept and will be missing from the database.</numerusform>
            <numerusform>%n events could not be kept and will be missing from the database.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) are kept without their snapshot.</source>
        <translation>
            <numerusform>%n event is kept without its snapshot.</numerusform>
            <numerusform>%n events are kept without their snapshot.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n alert(s)) </source>
        <translation>
            <numerusform>(%n alert) </numerusform>
            <numerusform>(%n alerts) </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unacknowledged alert(s)</source>
        <translation>
            <numerusform>%n unacknowledged alert</numerusform>
            <numerusform>%n unacknowledged alerts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n device(s) online</source>
        <translation>
            <numerusform>%1 of %n device online</numerusform>
            <numerusform>%1 of %n devices online</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new alert(s)</source>
        <translation>
            <numerusform>%n new alert</numerusform>
            <numerusform>%n new alerts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordCommand</name>
    <message numerus="yes">
        <source>back-filling %n record(s) from the device&apos;s history</source>
        <translation>
            <numerusform>back-filling %n record from the device&apos;s history</numerusform>
            <numerusform>back-filling %n records from the device&apos;s history</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>terminals held back while the database caught up: %n time(s), %1 s in all, %2 s at the longest</source>
        <translation>
            <numerusform>terminals held back while the database caught up: %n time, %1 s in all, %2 s at the longest</numerusform>
            <numerusform>terminals held back while the database caught up: %n times, %1 s in all, %2 s at the longest</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>cannot reload the device list: %1; still recording from the %n device(s) of the last good list</source>
        <translation>
            <numerusform>cannot reload the device list: %1; still recording from the %n device of the last good list</numerusform>
            <numerusform>cannot reload the device list: %1; still recording from the %n devices of the last good list</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n left as it was (see above)</source>
        <translation>
            <numerusform>, %n left as it was (see above)</numerusform>
            <numerusform>, %n left as they were (see above)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n disabled</source>
        <translation>
            <numerusform>, %n disabled</numerusform>
            <numerusform>, %n disabled</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SimulateCommand</name>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n subscriber</numerusform>
            <numerusform>%n subscribers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subscriber(s) did not answer the close within %1 s</source>
        <translation>
            <numerusform>%n subscriber did not answer the close within %1 s</numerusform>
            <numerusform>%n subscribers did not answer the close within %1 s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SiteDeviceModel</name>
    <message numerus="yes">
        <source>%n pinned certificate(s)</source>
        <translation>
            <numerusform>%n pinned certificate</numerusform>
            <numerusform>%n pinned certificates</numerusform>
        </translation>
    </message>
</context>
</TS>
