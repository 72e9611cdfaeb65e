<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About GateWatch</source>
        <translation>关于 GateWatch</translation>
    </message>
    <message>
        <source>GateWatch %1</source>
        <translation>GateWatch %1</translation>
    </message>
    <message>
        <source>Monitor for face-recognition access terminals.</source>
        <translation>人脸识别门禁终端监控软件。</translation>
    </message>
    <message>
        <source>GateWatch is free software: you can redistribute it and/or modify it under the terms of the &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;GNU General Public License&lt;/a&gt;, version 3 or (at your option) any later version. It comes with ABSOLUTELY NO WARRANTY. Qt is used under the GNU Lesser General Public License, version 3.</source>
        <translation>GateWatch 是自由软件：您可以依据&lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;GNU 通用公共许可证&lt;/a&gt;第 3 版或（由您选择）任何更高版本的条款重新发布和/或修改它。本软件不提供任何担保。Qt 依据 GNU 宽通用公共许可证第 3 版使用。</translation>
    </message>
    <message>
        <source>&amp;Copy version information</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Qt %1 (built against %2)</source>
        <translation>Qt %1（构建时版本 %2）</translation>
    </message>
    <message>
        <source>System: %1, %2, display %3</source>
        <translation>系统：%1，%2，显示 %3</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Settings: %1</source>
        <translation>设置：%1</translation>
    </message>
</context>
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Acknowledge alert</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <source>Acknowledged as %1, now.</source>
        <translation>将以 %1 的身份确认，确认时间为现在。</translation>
    </message>
    <message>
        <source>&amp;Note (optional):</source>
        <translation>备注（可选）(&amp;N)：</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>What was done, e.g. &quot;visitor, let in by reception&quot;</source>
        <translation>处理情况，例如“访客，已由前台放行”</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>确认(&amp;A)</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>&amp;Open door…</source>
        <translation>开门(&amp;O)…</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>确认…</translation>
    </message>
    <message>
        <source>Acknowledge all…</source>
        <translation>全部确认…</translation>
    </message>
    <message>
        <source>Unacknowledged alerts</source>
        <translation>未确认的告警</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Show the newest unacknowledged alert in full</source>
        <translation>完整显示最新一条未确认告警</translation>
    </message>
    <message>
        <source>Acknowledge the newest unacknowledged alert</source>
        <translation>确认最新一条未确认告警</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n unacknowledged alert(s)</source>
        <translation>
            <numerusform>%1 — %n 条未确认告警</numerusform>
        </translation>
    </message>
    <message>
        <source>Open the door where the newest alert was raised, after a confirmation</source>
        <translation>经确认后，打开最新告警发生处的门</translation>
    </message>
    <message>
        <source>The door cannot be opened from here: %1</source>
        <translation>无法在此处开门：%1</translation>
    </message>
</context>
<context>
    <name>AlertModel</name>
    <message>
        <source>Stranger</source>
        <translation>陌生人</translation>
    </message>
    <message>
        <source>user %1</source>
        <translation>用户 %1</translation>
    </message>
    <message>
        <source>Unknown person</source>
        <translation>未知人员</translation>
    </message>
    <message>
        <source>%1 at %2, %3</source>
        <translation>%1 出现在 %2，%3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2</source>
        <translation>由 %1 于 %2 确认</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2: %3</source>
        <translation>由 %1 于 %2 确认：%3</translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation>未确认</translation>
    </message>
</context>
<context>
    <name>AlertRules</name>
    <message>
        <source>stranger</source>
        <translation>陌生人</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>non-live</source>
        <translation>非活体</translation>
    </message>
    <message>
        <source>blacklist</source>
        <translation>黑名单</translation>
    </message>
</context>
<context>
    <name>AlertRulesDialog</name>
    <message>
        <source>Alert rules</source>
        <translation>告警规则</translation>
    </message>
    <message>
        <source>Raise an alert (banner, tray notification, alert list) for:</source>
        <translation>以下情况触发告警（横幅、托盘通知、告警列表）：</translation>
    </message>
    <message>
        <source>&amp;Strangers (nobody enrolled matched the face)</source>
        <translation>陌生人（人脸未匹配任何已注册人员）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Denied passage (or failed authentication)</source>
        <translation>拒绝通行（或认证失败）(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Non-live attempts (a photo or a screen)</source>
        <translation>非活体尝试（照片或屏幕）(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Blacklisted people</source>
        <translation>黑名单人员(&amp;B)</translation>
    </message>
</context>
<context>
    <name>CertificateTrustDialog</name>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>Certificate changed — %1</source>
        <translation>证书已更改 — %1</translation>
    </message>
    <message>
        <source>Trust the certificate of %1?</source>
        <translation>是否信任 %1 的证书？</translation>
    </message>
    <message>
        <source>&quot;%1&quot; now presents a certificate that is not the one you pinned, and GateWatch refuses it until you pin it again. A device presents a new certificate after a factory reset or a certificate renewal, but so would anything pretending to be the device: pin it only after checking the new fingerprint on the device itself.</source>
        <translation>“%1”当前出示的证书并非您已固定的证书，在您重新固定之前，GateWatch 将拒绝该证书。设备在恢复出厂设置或更新证书后会出示新证书，但冒充该设备的任何机器也会如此：请先在设备本机上核对新指纹，再固定该证书。</translation>
    </message>
    <message>
        <source>GateWatch cannot verify &quot;%1&quot;: its certificate is not signed by an authority this computer trusts, as is usual for terminals, which make their own. Compare the fingerprint below with the one the device shows (or the one its installer noted) before you trust it. Once pinned, GateWatch accepts this certificate for this device only, and refuses any other.</source>
        <translation>GateWatch 无法验证“%1”：其证书并非由本计算机信任的颁发机构签发，终端通常如此，因为它们使用自行生成的证书。信任之前，请将下方指纹与设备上显示的指纹（或安装人员记录的指纹）进行比对。固定后，GateWatch 仅对该设备接受此证书，并拒绝其他任何证书。</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256 指纹</translation>
    </message>
    <message>
        <source>New SHA-256 fingerprint:</source>
        <translation>新的 SHA-256 指纹：</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 指纹：</translation>
    </message>
    <message>
        <source>Pinned SHA-256 fingerprint</source>
        <translation>已固定的 SHA-256 指纹</translation>
    </message>
    <message>
        <source>Pinned fingerprint:</source>
        <translation>已固定的指纹：</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>颁发给：</translation>
    </message>
    <message>
        <source>itself (a self-signed certificate)</source>
        <translation>其自身（自签名证书）</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>颁发者：</translation>
    </message>
    <message>
        <source>Valid from:</source>
        <translation>有效期起始：</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>有效期截止：</translation>
    </message>
    <message>
        <source>This certificate expired on %1. A device with an expired certificate may have a wrong clock or need a new certificate.</source>
        <translation>此证书已于 %1 过期。证书过期的设备可能时钟有误，或需要更换新证书。</translation>
    </message>
    <message>
        <source>This certificate is not valid yet: it starts on %1. The device&apos;s clock, or this computer&apos;s, may be wrong.</source>
        <translation>此证书尚未生效：生效时间为 %1。设备或本计算机的时钟可能有误。</translation>
    </message>
    <message>
        <source>&amp;Trust the new certificate and pin it</source>
        <translation>信任并固定新证书(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Trust and pin</source>
        <translation>信任并固定(&amp;T)</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <source>Usage: gatewatch %1</source>
        <translation>用法：gatewatch %1</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>意外的参数“%1”</translation>
    </message>
    <message>
        <source>%1 (see &apos;gatewatch %2 --help&apos;)</source>
        <translation>%1（参见 &apos;gatewatch %2 --help&apos;）</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>ConnectionTest</name>
    <message>
        <source>expired on %1</source>
        <translation>已于 %1 过期</translation>
    </message>
    <message>
        <source>not valid until %1</source>
        <translation>尚未生效（%1 起生效）</translation>
    </message>
    <message>
        <source>The device presented no certificate.</source>
        <translation>设备未出示证书。</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256 指纹：%1</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>使用者：%1</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>颁发者：%1</translation>
    </message>
    <message>
        <source>Valid from %1 to %2 (UTC)</source>
        <translation>有效期 %1 至 %2（UTC）</translation>
    </message>
    <message>
        <source>Valid from %1 to %2 (UTC): %3</source>
        <translation>有效期 %1 至 %2（UTC）：%3</translation>
    </message>
    <message>
        <source>no device address is set</source>
        <translation>未设置设备地址</translation>
    </message>
    <message>
        <source>the address %1 is not valid</source>
        <translation>地址 %1 无效</translation>
    </message>
    <message>
        <source>the address must start with ws:// or wss://, not %1://</source>
        <translation>地址必须以 ws:// 或 wss:// 开头，而不是 %1://</translation>
    </message>
    <message>
        <source>the address %1 names no host</source>
        <translation>地址 %1 未指定主机</translation>
    </message>
    <message>
        <source>The settings cannot be tested: %1.</source>
        <translation>无法测试这些设置：%1。</translation>
    </message>
    <message>
        <source>Check that the device uses TLS on this port; if it does not, the address must start with ws://.</source>
        <translation>请检查设备在此端口上是否使用 TLS；如果不使用，地址必须以 ws:// 开头。</translation>
    </message>
    <message>
        <source>If the device uses TLS, the address must start with wss://.</source>
        <translation>如果设备使用 TLS，地址必须以 wss:// 开头。</translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation>正在解析 %1…</translation>
    </message>
    <message>
        <source>The host name %1 could not be found.</source>
        <translation>找不到主机名 %1。</translation>
    </message>
    <message>
        <source>Check the spelling of the address, or use the device&apos;s IP address.</source>
        <translation>请检查地址拼写，或改用设备的 IP 地址。</translation>
    </message>
    <message>
        <source>The host name %1 could not be looked up: %2</source>
        <translation>无法解析主机名 %1：%2</translation>
    </message>
    <message>
        <source>Check the network connection and the DNS settings of this computer.</source>
        <translation>请检查本计算机的网络连接和 DNS 设置。</translation>
    </message>
    <message>
        <source>%1 is at %2</source>
        <translation>%1 的地址为 %2</translation>
    </message>
    <message>
        <source>Logging in as %1…</source>
        <translation>正在以 %1 身份登录…</translation>
    </message>
    <message>
        <source>The device refused the login as %1.</source>
        <translation>设备拒绝了以 %1 身份登录。</translation>
    </message>
    <message>
        <source>Logging in as %1 failed.</source>
        <translation>以 %1 身份登录失败。</translation>
    </message>
    <message>
        <source>Logged in as %1</source>
        <translation>已以 %1 身份登录</translation>
    </message>
    <message>
        <source>Opening the event stream…</source>
        <translation>正在打开事件流…</translation>
    </message>
    <message>
        <source>connection test finished</source>
        <translation>连接测试已完成</translation>
    </message>
    <message>
        <source>Event stream opened at %1</source>
        <translation>事件流已在 %1 打开</translation>
    </message>
    <message>
        <source>%1 did not answer the WebSocket upgrade with HTTP.</source>
        <translation>%1 未以 HTTP 响应 WebSocket 升级请求。</translation>
    </message>
    <message>
        <source>The answer of %1 to the WebSocket upgrade did not end within %2 KiB.</source>
        <translation>%1 对 WebSocket 升级请求的响应在 %2 KiB 内未结束。</translation>
    </message>
    <message>
        <source>It began: %1</source>
        <translation>响应开头为：%1</translation>
    </message>
    <message>
        <source>Close code %1</source>
        <translation>关闭代码 %1</translation>
    </message>
    <message>
        <source>Close code %1: %2</source>
        <translation>关闭代码 %1：%2</translation>
    </message>
    <message>
        <source>The device did not accept the login token for its event stream.</source>
        <translation>设备不接受其事件流的登录令牌。</translation>
    </message>
    <message>
        <source>The device requires a user name and password.</source>
        <translation>设备要求提供用户名和密码。</translation>
    </message>
    <message>
        <source>The device refused the event subscription.</source>
        <translation>设备拒绝了事件订阅。</translation>
    </message>
    <message>
        <source>The device refused the event subscription: %1.</source>
        <translation>设备拒绝了事件订阅：%1。</translation>
    </message>
    <message>
        <source>%1 closed the connection during the WebSocket handshake.</source>
        <translation>%1 在 WebSocket 握手期间关闭了连接。</translation>
    </message>
    <message>
        <source>The WebSocket handshake with %1 failed.</source>
        <translation>与 %1 的 WebSocket 握手失败。</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP 状态 %1 %2</translation>
    </message>
    <message>
        <source>The WebSocket handshake with %1 failed: %2.</source>
        <translation>与 %1 的 WebSocket 握手失败：%2。</translation>
    </message>
    <message>
        <source>There is no event stream at %1; devices serve it at /v1/event/.</source>
        <translation>%1 处没有事件流；设备在 /v1/event/ 提供事件流。</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed: the device closed the connection.</source>
        <translation>与 %1 的 TLS 握手失败：设备关闭了连接。</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed.</source>
        <translation>与 %1 的 TLS 握手失败。</translation>
    </message>
    <message>
        <source>Looking up %1 took longer than %2 s.</source>
        <translation>解析 %1 耗时超过 %2 秒。</translation>
    </message>
    <message>
        <source>%1 did not accept the connection within %2 s.</source>
        <translation>%1 未在 %2 秒内接受连接。</translation>
    </message>
    <message>
        <source>The device may be switched off, or a firewall drops the connection.</source>
        <translation>设备可能已关机，或防火墙丢弃了连接。</translation>
    </message>
    <message>
        <source>The event stream of %1 opened, but the device did not answer within %2 s.</source>
        <translation>%1 的事件流已打开，但设备未在 %2 秒内响应。</translation>
    </message>
    <message>
        <source>No WebSocket handshake with %1 within %2 s.</source>
        <translation>%2 秒内未与 %1 完成 WebSocket 握手。</translation>
    </message>
    <message>
        <source>Something accepts connections on this port but does not answer like a device. Check the port and the scheme (ws:// or wss://).</source>
        <translation>此端口上有程序接受连接，但其响应方式不像设备。请检查端口和协议（ws:// 或 wss://）。</translation>
    </message>
    <message>
        <source>Reading the device information…</source>
        <translation>正在读取设备信息…</translation>
    </message>
    <message>
        <source>Connected, but the device information could not be read.</source>
        <translation>已连接，但无法读取设备信息。</translation>
    </message>
    <message>
        <source>The answer holds no information object.</source>
        <translation>响应中不包含信息对象。</translation>
    </message>
    <message>
        <source>serial number %1</source>
        <translation>序列号 %1</translation>
    </message>
    <message>
        <source>firmware %1</source>
        <translation>固件 %1</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>已连接到 %1。</translation>
    </message>
    <message>
        <source>Connected to %1: %2.</source>
        <translation>已连接到 %1：%2。</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>型号：%1</translation>
    </message>
    <message>
        <source>Serial number: %1</source>
        <translation>序列号：%1</translation>
    </message>
    <message>
        <source>Firmware: %1</source>
        <translation>固件：%1</translation>
    </message>
    <message>
        <source>Hardware: %1</source>
        <translation>硬件：%1</translation>
    </message>
    <message>
        <source>Application: %1</source>
        <translation>应用程序：%1</translation>
    </message>
    <message>
        <source>API version: %1</source>
        <translation>API 版本：%1</translation>
    </message>
    <message>
        <source>MAC address: %1</source>
        <translation>MAC 地址：%1</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>证书：</translation>
    </message>
    <message>
        <source>No answer from %1 within %2 s.</source>
        <translation>%1 未在 %2 秒内响应。</translation>
    </message>
    <message>
        <source>%1 closed the connection without answering.</source>
        <translation>%1 未响应即关闭了连接。</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP 状态 %1</translation>
    </message>
    <message>
        <source>The device&apos;s certificate changed: it is not the one trusted for this device.</source>
        <translation>设备的证书已更改：它不是此设备已信任的证书。</translation>
    </message>
    <message>
        <source>Trusted fingerprint: %1</source>
        <translation>已信任的指纹：%1</translation>
    </message>
    <message>
        <source>If the certificate was renewed on purpose, trust the new one; otherwise another machine may be answering at this address.</source>
        <translation>如果证书是有意更新的，请信任新证书；否则可能有其他机器在此地址上应答。</translation>
    </message>
    <message>
        <source>self-signed</source>
        <translation>自签名</translation>
    </message>
    <message>
        <source>issued by an unknown authority</source>
        <translation>由未知颁发机构签发</translation>
    </message>
    <message>
        <source>issued for another host name</source>
        <translation>为其他主机名签发</translation>
    </message>
    <message>
        <source>The device&apos;s certificate is not trusted.</source>
        <translation>设备的证书不受信任。</translation>
    </message>
    <message>
        <source>The device&apos;s certificate is not trusted: %1.</source>
        <translation>设备的证书不受信任：%1。</translation>
    </message>
    <message>
        <source>TLS errors: %1</source>
        <translation>TLS 错误：%1</translation>
    </message>
    <message>
        <source>Compare the fingerprint with the one the device shows before trusting it.</source>
        <translation>信任之前，请将此指纹与设备上显示的指纹进行比对。</translation>
    </message>
    <message>
        <source>%1 refused the connection: nothing accepts connections on port %2.</source>
        <translation>%1 拒绝了连接：端口 %2 上没有程序接受连接。</translation>
    </message>
    <message>
        <source>Check the port, and that the device is switched on.</source>
        <translation>请检查端口，并确认设备已开机。</translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation>连接 %1 超时。</translation>
    </message>
    <message>
        <source>%1 could not be reached.</source>
        <translation>无法访问 %1。</translation>
    </message>
</context>
<context>
    <name>CredentialStores</name>
    <message>
        <source>Passwords are kept in the system keychain.</source>
        <translation>密码保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>The file %1 chosen for them is not used while the keychain is available.</source>
        <translation>系统密钥环可用时，不会使用为密码选择的文件 %1。</translation>
    </message>
    <message>
        <source>No keychain service is available.</source>
        <translation>没有可用的系统密钥环服务。</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1。</translation>
    </message>
    <message>
        <source>Passwords are kept in the file %1, readable by you only and not encrypted.</source>
        <translation>密码保存在文件 %1 中，仅您本人可读，且未加密。</translation>
    </message>
    <message>
        <source>The file chosen for passwords cannot be used: %1. Passwords can neither be read nor saved until it is fixed or another file is chosen.</source>
        <translation>为密码选择的文件无法使用：%1。在修复该问题或选择其他文件之前，将无法读取或保存密码。</translation>
    </message>
    <message>
        <source>Passwords are kept for this session only and forgotten when GateWatch exits. To keep them, choose a file for them: it will be readable by you only, but not encrypted.</source>
        <translation>密码仅在本次会话中保留，GateWatch 退出后即被清除。如需保留，请为密码选择一个文件：该文件仅您本人可读，但未加密。</translation>
    </message>
</context>
<context>
    <name>CsvExporter</name>
    <message>
        <source>Cannot count the events to export: %1</source>
        <translation>无法统计要导出的事件数：%1</translation>
    </message>
    <message>
        <source>Cannot create the image directory %1.</source>
        <translation>无法创建图像目录 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <source>Cannot write the image %1: %2</source>
        <translation>无法写入图像 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the events: %1</source>
        <translation>无法读取事件：%1</translation>
    </message>
</context>
<context>
    <name>DeviceBackfill</name>
    <message>
        <source>no credentials are configured for %1, so the events it recorded while disconnected are not fetched from its history</source>
        <translation>未为 %1 配置凭据，因此不会从其历史记录中获取断开期间记录的事件</translation>
    </message>
    <message>
        <source>no database to compare the device&apos;s history with</source>
        <translation>没有可与设备历史记录比对的数据库</translation>
    </message>
    <message>
        <source>interrupted by the disconnection; resumes when the device is back</source>
        <translation>因连接断开而中断；设备恢复连接后将继续</translation>
    </message>
    <message>
        <source>asking the device for its serial number</source>
        <translation>正在向设备查询其序列号</translation>
    </message>
    <message>
        <source>the device does not say its serial number, and it has sent no event yet</source>
        <translation>设备未提供其序列号，且尚未发送任何事件</translation>
    </message>
    <message>
        <source>cannot learn the device&apos;s serial number: %1</source>
        <translation>无法获取设备的序列号：%1</translation>
    </message>
    <message>
        <source>looking up the last event stored from %1</source>
        <translation>正在查找从 %1 存储的最后一条事件</translation>
    </message>
    <message>
        <source>cannot read the database: %1</source>
        <translation>无法读取数据库：%1</translation>
    </message>
    <message>
        <source>nothing stored from %1 before: its earlier history is not fetched; back-fill covers disconnections from now on</source>
        <translation>此前未存储来自 %1 的任何数据：不会获取其更早的历史记录；补录仅覆盖从现在起的断开期间</translation>
    </message>
    <message>
        <source>fetching the events recorded since %1</source>
        <translation>正在获取自 %1 以来记录的事件</translation>
    </message>
    <message>
        <source>fetching missed events failed: %1</source>
        <translation>获取遗漏的事件失败：%1</translation>
    </message>
    <message>
        <source>the device&apos;s history answer is not usable: %1</source>
        <translation>设备历史记录的应答无法使用：%1</translation>
    </message>
    <message>
        <source>the device answered records from %1 when asked for records from %2</source>
        <translation>请求的是从偏移量 %2 开始的记录，设备返回的却是从偏移量 %1 开始的记录</translation>
    </message>
    <message numerus="yes">
        <source>done: %n record(s) fetched from the device&apos;s history</source>
        <translation>
            <numerusform>完成：已从设备历史记录中获取 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; trying again in %2 s</source>
        <translation>%1；%2 秒后重试</translation>
    </message>
</context>
<context>
    <name>DeviceBrowser</name>
    <message>
        <source>Lost the connection to the Avahi daemon (was it restarted?)</source>
        <translation>与 Avahi 守护进程的连接已断开（它是否已重启？）</translation>
    </message>
</context>
<context>
    <name>DeviceConfig</name>
    <message>
        <source>invalid device URL &quot;%1&quot;: %2</source>
        <translation>设备 URL“%1”无效：%2</translation>
    </message>
    <message>
        <source>invalid device URL &quot;%1&quot;: the scheme must be ws:// or wss://</source>
        <translation>设备 URL“%1”无效：协议必须是 ws:// 或 wss://</translation>
    </message>
    <message>
        <source>invalid device URL &quot;%1&quot;: no host</source>
        <translation>设备 URL“%1”无效：缺少主机</translation>
    </message>
    <message>
        <source>invalid SHA-256 fingerprint &quot;%1&quot;: &apos;%2&apos; is not a hex digit</source>
        <translation>SHA-256 指纹“%1”无效：“%2”不是十六进制数字</translation>
    </message>
    <message>
        <source>invalid SHA-256 fingerprint &quot;%1&quot;: %2 hex digits, expected 64 (32 bytes)</source>
        <translation>SHA-256 指纹“%1”无效：有 %2 位十六进制数字，应为 64 位（32 字节）</translation>
    </message>
    <message>
        <source>cannot read CA certificate file %1: %2</source>
        <translation>无法读取 CA 证书文件 %1：%2</translation>
    </message>
    <message>
        <source>CA certificate file %1 is too large to be a certificate bundle</source>
        <translation>CA 证书文件 %1 过大，不可能是证书包</translation>
    </message>
    <message>
        <source>CA certificate file %1 holds no PEM certificate</source>
        <translation>CA 证书文件 %1 中没有 PEM 证书</translation>
    </message>
    <message>
        <source>CA certificate file %1 holds an unreadable certificate</source>
        <translation>CA 证书文件 %1 中含有无法读取的证书</translation>
    </message>
</context>
<context>
    <name>DeviceConnection</name>
    <message>
        <source>history: %1</source>
        <translation>历史记录：%1</translation>
    </message>
    <message>
        <source>no answer for %1 s</source>
        <translation>%1 秒无应答</translation>
    </message>
    <message>
        <source>monitor stopped</source>
        <translation>监控已停止</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>retrying in %1 s</source>
        <translation>%1 秒后重试</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>正在连接 %1</translation>
    </message>
    <message>
        <source>login failed: no password is known for user &quot;%1&quot;</source>
        <translation>登录失败：没有用户“%1”的密码</translation>
    </message>
    <message>
        <source>online (%1)</source>
        <translation>在线（%1）</translation>
    </message>
    <message>
        <source>frame rejected</source>
        <translation>帧已拒收</translation>
    </message>
    <message>
        <source>binary frame of %1 bytes (events are JSON text frames)</source>
        <translation>收到 %1 字节的二进制帧（事件应为 JSON 文本帧）</translation>
    </message>
    <message>
        <source>WebSocket handshake failed: the device did not answer with HTTP (it sent &quot;%1&quot;)</source>
        <translation>WebSocket 握手失败：设备未以 HTTP 应答（其发送的是“%1”）</translation>
    </message>
    <message>
        <source>WebSocket handshake failed: the device&apos;s answer to the upgrade request did not end within %1 KiB (it began &quot;%2&quot;)</source>
        <translation>WebSocket 握手失败：设备对升级请求的应答在 %1 KiB 内未结束（开头为“%2”）</translation>
    </message>
    <message>
        <source>message larger than the %1-byte limit; connection closed</source>
        <translation>消息超过 %1 字节的上限；连接已关闭</translation>
    </message>
    <message>
        <source>message larger than the %1-byte limit (close code %2)</source>
        <translation>消息超过 %1 字节的上限（关闭代码 %2）</translation>
    </message>
    <message>
        <source>incomplete frame: the device stopped sending in the middle of it; connection closed</source>
        <translation>帧不完整：设备在发送中途停止；连接已关闭</translation>
    </message>
    <message>
        <source>the device stopped sending in the middle of a frame (close code %1: %2)</source>
        <translation>设备在帧的中途停止发送（关闭代码 %1：%2）</translation>
    </message>
    <message>
        <source>invalid WebSocket data (close code %1: %2)</source>
        <translation>无效的 WebSocket 数据（关闭代码 %1：%2）</translation>
    </message>
    <message>
        <source>login failed: the device refused the token (close code %1: %2)</source>
        <translation>登录失败：设备拒绝了令牌（关闭代码 %1：%2）</translation>
    </message>
    <message>
        <source>login failed: the device requires credentials (close code %1: %2)</source>
        <translation>登录失败：设备要求提供凭据（关闭代码 %1：%2）</translation>
    </message>
    <message>
        <source>the device refused the subscription (close code %1%2)</source>
        <translation>设备拒绝了订阅（关闭代码 %1%2）</translation>
    </message>
    <message>
        <source>the device closed the connection (close code %1%2)</source>
        <translation>设备关闭了连接（关闭代码 %1%2）</translation>
    </message>
    <message>
        <source>connection to %1 lost</source>
        <translation>与 %1 的连接已中断</translation>
    </message>
    <message>
        <source>connection to %1 closed during the handshake</source>
        <translation>与 %1 的连接在握手期间关闭</translation>
    </message>
    <message>
        <source>host not found: %1</source>
        <translation>找不到主机：%1</translation>
    </message>
    <message>
        <source>login failed: the device refused the token (%1)</source>
        <translation>登录失败：设备拒绝了令牌（%1）</translation>
    </message>
    <message>
        <source>login failed: the device requires credentials (%1 on the WebSocket upgrade)</source>
        <translation>登录失败：设备要求提供凭据（WebSocket 升级时返回 %1）</translation>
    </message>
    <message>
        <source>WebSocket handshake failed: %1</source>
        <translation>WebSocket 握手失败：%1</translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation>%1 拒绝了连接</translation>
    </message>
    <message>
        <source>the device dropped the connection</source>
        <translation>设备断开了连接</translation>
    </message>
    <message>
        <source>the device closed the connection during the handshake</source>
        <translation>设备在握手期间关闭了连接</translation>
    </message>
    <message>
        <source>TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
    <message>
        <source>connection to %1 timed out</source>
        <translation>连接 %1 超时</translation>
    </message>
    <message>
        <source>network error: %1</source>
        <translation>网络错误：%1</translation>
    </message>
    <message>
        <source>connection to %1 failed</source>
        <translation>连接 %1 失败</translation>
    </message>
    <message>
        <source>: the device redirects elsewhere without saying where (no Location), and GateWatch does not follow redirects</source>
        <translation>：设备要求重定向，但未说明目标（无 Location），而 GateWatch 不跟随重定向</translation>
    </message>
    <message>
        <source>: the device redirects to %1, and GateWatch does not follow redirects; if that is the device&apos;s address, enter it instead</source>
        <translation>：设备重定向到 %1，而 GateWatch 不跟随重定向；如果那是设备的地址，请改为输入该地址</translation>
    </message>
    <message>
        <source>; the device asks to be retried after %1 s</source>
        <translation>；设备要求 %1 秒后重试</translation>
    </message>
    <message>
        <source>no WebSocket handshake with %1 within %2 s</source>
        <translation>%2 秒内未与 %1 完成 WebSocket 握手</translation>
    </message>
    <message>
        <source>%1: the device did not accept the connection</source>
        <translation>%1：设备未接受连接</translation>
    </message>
    <message>
        <source>%1: the TLS handshake did not finish</source>
        <translation>%1：TLS 握手未完成</translation>
    </message>
    <message>
        <source>%1: the device accepted the connection but never answered the upgrade request</source>
        <translation>%1：设备接受了连接，但始终未应答升级请求</translation>
    </message>
    <message>
        <source>%1: the device&apos;s answer to the upgrade request did not end (it began &quot;%2&quot;)</source>
        <translation>%1：设备对升级请求的应答未结束（开头为“%2”）</translation>
    </message>
    <message>
        <source>certificate changed (SHA-256 %1); refused until re-pinned</source>
        <translation>证书已变更（SHA-256 %1）；重新固定前拒绝连接</translation>
    </message>
    <message>
        <source>failed: %1; refused until re-pinned</source>
        <translation>失败：%1；重新固定前拒绝连接</translation>
    </message>
    <message>
        <source>failed: %1; next attempt in %2 s</source>
        <translation>失败：%1；%2 秒后再次尝试</translation>
    </message>
    <message>
        <source>%1; retrying in %2 s</source>
        <translation>%1；%2 秒后重试</translation>
    </message>
</context>
<context>
    <name>DeviceEditorDialog</name>
    <message>
        <source>Add a device</source>
        <translation>添加设备</translation>
    </message>
    <message>
        <source>Edit device — %1</source>
        <translation>编辑设备 — %1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>as guards call it, for example Main entrance</source>
        <translation>按保安的习惯叫法，例如“正门”</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Name problem</source>
        <translation>名称问题</translation>
    </message>
    <message>
        <source>door or place, optional</source>
        <translation>门或地点，可选</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>位置(&amp;L)：</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>name or address, for example 192.168.1.20</source>
        <translation>主机名或地址，例如 192.168.1.20</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>Host problem</source>
        <translation>主机问题</translation>
    </message>
    <message>
        <source>Encrypted (&amp;TLS)</source>
        <translation>TLS 加密(&amp;T)</translation>
    </message>
    <message>
        <source>wss:// and https://, as terminals use by default. Turn it off only for a terminal configured without TLS.</source>
        <translation>使用 wss:// 和 https://，终端默认如此。仅当终端配置为不使用 TLS 时才关闭此项。</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Port problem</source>
        <translation>端口问题</translation>
    </message>
    <message>
        <source>Event &amp;path:</source>
        <translation>事件路径(&amp;P)：</translation>
    </message>
    <message>
        <source>Path problem</source>
        <translation>路径问题</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>empty: the device is used without logging in</source>
        <translation>留空：不登录即使用设备</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Show the password</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <source>Hide the password</source>
        <translation>隐藏密码</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>The password is kept in %1.</source>
        <translation>密码保存于：%1。</translation>
    </message>
    <message>
        <source>The password is kept for this session only.</source>
        <translation>密码仅在本次会话中保留。</translation>
    </message>
    <message>
        <source>Pinned certificates</source>
        <translation>已固定的证书</translation>
    </message>
    <message>
        <source>GateWatch trusts a terminal&apos;s own certificate only once it is pinned here (Test connection offers it).</source>
        <translation>只有在此处固定终端自身的证书后，GateWatch 才会信任该证书（“测试连接”会提示固定）。</translation>
    </message>
    <message>
        <source>Pinned SHA-256 fingerprints</source>
        <translation>已固定的 SHA-256 指纹</translation>
    </message>
    <message>
        <source>&amp;Copy fingerprint</source>
        <translation>复制指纹(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Remove pin</source>
        <translation>取消固定(&amp;R)</translation>
    </message>
    <message>
        <source>Stop trusting this certificate: the device is refused until a certificate is pinned again</source>
        <translation>不再信任此证书：在重新固定证书之前，将拒绝连接该设备</translation>
    </message>
    <message>
        <source>Connection watch</source>
        <translation>连接监测</translation>
    </message>
    <message>
        <source>Own &amp;heartbeat:</source>
        <translation>自定义心跳(&amp;H)：</translation>
    </message>
    <message numerus="yes">
        <source>How often GateWatch pings the device; a link silent for twice that is dropped and reconnected. Default: %n second(s).</source>
        <translation>
            <numerusform>GateWatch 向设备发送 ping 的间隔；连接静默超过该间隔的两倍即断开并重连。默认：%n 秒。</numerusform>
        </translation>
    </message>
    <message>
        <source>Heartbeat in seconds</source>
        <translation>心跳间隔（秒）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Connect once with the settings above and say what happened; nothing is saved</source>
        <translation>使用上述设置连接一次并报告结果；不会保存任何内容</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>Connection test details</source>
        <translation>连接测试详情</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>显示详情(&amp;D)</translation>
    </message>
    <message>
        <source>Hide &amp;details</source>
        <translation>隐藏详情(&amp;D)</translation>
    </message>
    <message>
        <source>T&amp;rust this certificate…</source>
        <translation>信任此证书(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Add device</source>
        <translation>添加设备(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>名称为空</translation>
    </message>
    <message>
        <source>the path must begin with &apos;/&apos;</source>
        <translation>路径必须以“/”开头</translation>
    </message>
    <message>
        <source>the path must begin with &apos;/&apos; (the terminals use /v1/event/)</source>
        <translation>路径必须以“/”开头（终端使用 /v1/event/）</translation>
    </message>
    <message>
        <source>enter a user name first</source>
        <translation>请先输入用户名</translation>
    </message>
    <message>
        <source>stored; type to replace it</source>
        <translation>已保存；输入新密码可替换</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint of a pinned certificate:
%1</source>
        <translation>已固定证书的 SHA-256 指纹：
%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The settings cannot be tested: %1.</source>
        <translation>无法测试这些设置：%1。</translation>
    </message>
    <message>
        <source>S&amp;top the test</source>
        <translation>停止测试(&amp;T)</translation>
    </message>
    <message>
        <source>Reading the stored password…</source>
        <translation>正在读取已保存的密码…</translation>
    </message>
    <message>
        <source>The stored password could not be read: %1.</source>
        <translation>无法读取已保存的密码：%1。</translation>
    </message>
    <message>
        <source>Type the password again to test with it.</source>
        <translation>请重新输入密码以进行测试。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>DeviceListFile</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a device list: it is bigger than %2 MiB</source>
        <translation>%1 不是设备列表：文件大于 %2 MiB</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: devices %2 (%3) and %4 (%5) have the same id %6; each device needs its own</source>
        <translation>%1：设备 %2（%3）和 %4（%5）的 ID 相同，均为 %6；每台设备都需要自己的 ID</translation>
    </message>
    <message>
        <source>no --credentials file was given</source>
        <translation>未指定 --credentials 文件</translation>
    </message>
    <message>
        <source>the credentials file %1 does not exist</source>
        <translation>凭据文件 %1 不存在</translation>
    </message>
    <message>
        <source>%1 (id %2) logs in as %3, but %4 has no password for it</source>
        <translation>%1（ID %2）以 %3 登录，但 %4 中没有它的密码</translation>
    </message>
    <message>
        <source>%1 (id %2) logs in as %3, but its password cannot be read: %4</source>
        <translation>%1（ID %2）以 %3 登录，但无法读取其密码：%4</translation>
    </message>
</context>
<context>
    <name>DeviceListSync</name>
    <message>
        <source>%1: no longer in the device list; disconnected</source>
        <translation>%1：已不在设备列表中，已断开连接</translation>
    </message>
    <message>
        <source>%1: recording from %2</source>
        <translation>%1：正在从 %2 记录</translation>
    </message>
    <message>
        <source>%1: renamed from %2</source>
        <translation>%1：已从 %2 重命名</translation>
    </message>
    <message>
        <source>%1: settings changed; recording from %2</source>
        <translation>%1：设置已更改；正在从 %2 记录</translation>
    </message>
</context>
<context>
    <name>DeviceManager</name>
    <message>
        <source>The password of %1 could not be read: %2</source>
        <translation>无法读取 %1 的密码：%2</translation>
    </message>
    <message>
        <source>The password of %1 could not be saved: %2</source>
        <translation>无法保存 %1 的密码：%2</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>waiting to connect</source>
        <translation>等待连接</translation>
    </message>
    <message>
        <source>reading its password</source>
        <translation>正在读取密码</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>a device without a name</source>
        <translation>未命名设备</translation>
    </message>
    <message>
        <source>there is no device with the id %1</source>
        <translation>不存在 ID 为 %1 的设备</translation>
    </message>
    <message>
        <source>The password of %1 could not be removed: %2</source>
        <translation>无法删除 %1 的密码：%2</translation>
    </message>
    <message>
        <source>%1: a SHA-256 fingerprint has 32 bytes, not %2</source>
        <translation>%1：SHA-256 指纹应为 32 字节，而不是 %2 字节</translation>
    </message>
    <message>
        <source>The device list was saved by a newer GateWatch: this change applies until GateWatch exits, but it is not saved.</source>
        <translation>设备列表由更新版本的 GateWatch 保存：此更改在 GateWatch 退出前有效，但不会被保存。</translation>
    </message>
    <message>
        <source>The device list could not be saved: %1 cannot be written.</source>
        <translation>无法保存设备列表：无法写入 %1。</translation>
    </message>
    <message>
        <source>The device list could not be saved: %1 is not a settings file this GateWatch can write.</source>
        <translation>无法保存设备列表：%1 不是此版本 GateWatch 可写入的设置文件。</translation>
    </message>
</context>
<context>
    <name>DeviceModel</name>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>A device&apos;s state and its back-fill&apos;s: &quot;online, back-filling 37…&quot;</extracomment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>back-filling…</source>
        <extracomment>Fetching events the device recorded while disconnected; %1: how many are left</extracomment>
        <translation>正在补录…</translation>
    </message>
    <message>
        <source>back-filling %1…</source>
        <translation>正在补录 %1 条…</translation>
    </message>
    <message>
        <source>back-fill failed</source>
        <translation>补录失败</translation>
    </message>
    <message>
        <source>Back-fill: %1</source>
        <translation>补录：%1</translation>
    </message>
    <message>
        <source>Last rejected frame: %1</source>
        <translation>最近拒收的帧：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n reconnection(s)</source>
        <translation>
            <numerusform>重连 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>最近事件</translation>
    </message>
</context>
<context>
    <name>DeviceOptions</name>
    <message>
        <source>A terminal&apos;s event URL, e.g. wss://10.0.0.5:8000/v1/event/, optionally preceded by a name: &quot;Front door=wss://...&quot;. Repeatable.</source>
        <translation>终端的事件 URL，例如 wss://10.0.0.5:8000/v1/event/，前面可加名称，如 &quot;前门=wss://...&quot;。可重复指定。</translation>
    </message>
    <message>
        <source>Trust a device certificate with this SHA-256 fingerprint (hex, colons optional). Repeatable; applies to every device.</source>
        <translation>信任具有此 SHA-256 指纹的设备证书（十六进制，冒号可选）。可重复指定；适用于所有设备。</translation>
    </message>
    <message>
        <source>Also trust certificates issued by the CA(s) in this PEM file.</source>
        <translation>同时信任此 PEM 文件中的 CA 所签发的证书。</translation>
    </message>
    <message>
        <source>Log in to the devices as NAME.</source>
        <translation>以 NAME 身份登录设备。</translation>
    </message>
    <message>
        <source>Read the password for --user from FILE.</source>
        <translation>从 FILE 读取 --user 的密码。</translation>
    </message>
    <message>
        <source>Ping every N seconds; a connection silent for 2 N is dropped and retried (default 10).</source>
        <translation>每 N 秒发送一次 ping；静默 2N 秒的连接将被断开并重试（默认 10）。</translation>
    </message>
    <message>
        <source>--user and --password-file go together</source>
        <translation>--user 和 --password-file 必须同时使用</translation>
    </message>
    <message>
        <source>--heartbeat must be a whole number of seconds from 1 to 3600, not &apos;%1&apos;</source>
        <translation>--heartbeat 必须是 1 到 3600 之间的整数秒数，而不是“%1”</translation>
    </message>
    <message>
        <source>--pin-sha256: %1</source>
        <translation>--pin-sha256 选项：%1</translation>
    </message>
    <message>
        <source>--ca-cert: %1</source>
        <translation>--ca-cert 选项：%1</translation>
    </message>
    <message>
        <source>--password-file: %1</source>
        <translation>--password-file 选项：%1</translation>
    </message>
</context>
<context>
    <name>DeviceRestClient</name>
    <message>
        <source>host not found: %1</source>
        <translation>找不到主机：%1</translation>
    </message>
    <message>
        <source>connection refused by %1</source>
        <translation>%1 拒绝了连接</translation>
    </message>
    <message>
        <source>%1 closed the connection before answering</source>
        <translation>%1 在应答前关闭了连接</translation>
    </message>
    <message>
        <source>TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
    <message>
        <source>the answer is larger than %1 bytes</source>
        <translation>应答大于 %1 字节</translation>
    </message>
    <message>
        <source>no answer from %1 within %2 s</source>
        <translation>%2 秒内未收到 %1 的应答</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP 状态 %1 %2</translation>
    </message>
    <message>
        <source>HTTP %1 %2 (%3)</source>
        <translation>HTTP %1 %2（设备消息：%3）</translation>
    </message>
    <message>
        <source>the device&apos;s answer is not its usual JSON: %1</source>
        <translation>设备的应答不是其通常的 JSON 格式：%1</translation>
    </message>
    <message>
        <source>no &quot;code&quot; field</source>
        <translation>缺少 &quot;code&quot; 字段</translation>
    </message>
    <message>
        <source>the device answered code %1</source>
        <translation>设备返回代码 %1</translation>
    </message>
    <message>
        <source>the device answered code %1: %2</source>
        <translation>设备返回代码 %1：%2</translation>
    </message>
    <message>
        <source>the device&apos;s login answer holds no token</source>
        <translation>设备的登录应答中没有令牌</translation>
    </message>
    <message>
        <source>login failed: %1</source>
        <translation>登录失败：%1</translation>
    </message>
</context>
<context>
    <name>DeviceSettings</name>
    <message>
        <source>the device list was saved by a newer GateWatch (format %1, this version reads %2); it is left as it is</source>
        <translation>设备列表由更新版本的 GateWatch 保存（格式 %1，本版本可读取 %2）；保持原样，不作改动</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>device %1 in the settings could not be read: %2</source>
        <translation>无法读取设置中的设备 %1：%2</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <source>&quot;%1&quot;</source>
        <translation>“%1”</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 及其他 %n 台</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>The terminals this station watches. Changes apply at once: a new device connects, a disabled one disconnects.</source>
        <translation>本工作站监控的终端。更改立即生效：新设备会开始连接，停用的设备会断开连接。</translation>
    </message>
    <message>
        <source>Search devices</source>
        <translation>搜索设备</translation>
    </message>
    <message>
        <source>Search by name, location, address or state (Ctrl+F)</source>
        <translation>按名称、位置、地址或状态搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Configured devices</source>
        <translation>已配置的设备</translation>
    </message>
    <message>
        <source>Use a &amp;file…</source>
        <translation>使用文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Keep passwords in a file that only your account can read</source>
        <translation>将密码保存在只有您的账户可读取的文件中</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a terminal by its address (Ctrl+N)</source>
        <translation>按地址添加终端（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Find devices…</source>
        <translation>查找设备(&amp;F)…</translation>
    </message>
    <message>
        <source>List the terminals that announce themselves on this network</source>
        <translation>列出此网络中主动广播自身的终端</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Change the selected device (Enter or double-click)</source>
        <translation>修改所选设备（Enter 或双击）</translation>
    </message>
    <message>
        <source>D&amp;uplicate…</source>
        <translation>复制(&amp;U)…</translation>
    </message>
    <message>
        <source>Add another device with the selected one&apos;s settings</source>
        <translation>以所选设备的设置添加另一台设备</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>Remove the selected devices and their passwords (Delete)</source>
        <translation>移除所选设备及其密码（Delete）</translation>
    </message>
    <message>
        <source>E&amp;nable</source>
        <translation>启用(&amp;N)</translation>
    </message>
    <message>
        <source>Connect the selected devices</source>
        <translation>连接所选设备</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Disconnect the selected devices and keep their settings</source>
        <translation>断开所选设备的连接，并保留其设置</translation>
    </message>
    <message>
        <source>Review &amp;certificate…</source>
        <translation>检查证书(&amp;C)…</translation>
    </message>
    <message>
        <source>See the certificate the device presented, and pin it if it is the device&apos;s</source>
        <translation>查看设备出示的证书；若确为该设备的证书，则将其固定</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Add the devices of a list exported at another station</source>
        <translation>添加在其他工作站导出的设备列表中的设备</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the device list for another station; passwords are not included</source>
        <translation>保存设备列表以供其他工作站使用；不包含密码</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n 台设备</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n device(s)</source>
        <translation>
            <numerusform>%n 台设备中的 %1 台</numerusform>
        </translation>
    </message>
    <message>
        <source>No keychain service is available: passwords are kept for this session only and must be entered again after GateWatch restarts. To keep them, choose a file for them: it will be readable by you only, but not encrypted.</source>
        <translation>没有可用的系统密钥环服务：密码仅在本次会话中保留，GateWatch 重启后须重新输入。如需保留，请为密码选择一个文件：该文件仅您可读，但不加密。</translation>
    </message>
    <message>
        <source>The file chosen for passwords cannot be used: %1.</source>
        <translation>所选的密码文件无法使用：%1。</translation>
    </message>
    <message>
        <source>Passwords are kept in %1.</source>
        <translation>密码保存于：%1。</translation>
    </message>
    <message>
        <source>Passwords are not kept in %1: %2</source>
        <translation>密码未保存到 %1：%2</translation>
    </message>
    <message>
        <source>Passwords are now kept in %1, readable by you only and not encrypted; those entered in this session are in it too.</source>
        <translation>密码现保存在 %1 中，仅您可读且未加密；本次会话中输入的密码也已存入其中。</translation>
    </message>
    <message>
        <source>A file for device passwords (readable by you only)</source>
        <translation>用于保存设备密码的文件（仅您可读）</translation>
    </message>
    <message>
        <source>GateWatch password files (*.json)</source>
        <translation>GateWatch 密码文件 (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Added &quot;%1&quot;; it is connecting.</source>
        <translation>已添加“%1”，正在连接。</translation>
    </message>
    <message>
        <source>the device was removed meanwhile</source>
        <translation>该设备已在此期间被移除</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>已保存“%1”。</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>Duplicate &quot;%1&quot;</source>
        <translation>复制“%1”</translation>
    </message>
    <message>
        <source>Remove devices</source>
        <translation>移除设备</translation>
    </message>
    <message numerus="yes">
        <source>Remove %1?</source>
        <translation>
            <numerusform>移除 %1？</numerusform>
        </translation>
    </message>
    <message>
        <source>GateWatch disconnects and forgets them, with their passwords. What they recorded stays in the database.</source>
        <translation>GateWatch 将断开并忘记这些设备及其密码。它们已记录的内容仍保留在数据库中。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>已移除 %1。</translation>
    </message>
    <message>
        <source>Pinned the certificate of &quot;%1&quot;; it is connecting.</source>
        <translation>已固定“%1”的证书，正在连接。</translation>
    </message>
    <message>
        <source>Added &quot;%1&quot;. Check its certificate and enter its login in its settings.</source>
        <translation>已添加“%1”。请检查其证书，并在其设置中输入登录信息。</translation>
    </message>
    <message>
        <source>The device list was not exported: %1: %2</source>
        <translation>设备列表未导出：%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n device(s) to %1. Passwords are not in the file: enter them at the other station.</source>
        <translation>
            <numerusform>已将 %n 台设备导出到 %1。文件中不含密码：请在另一工作站上输入密码。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was imported from %1: %2</source>
        <translation>未从 %1 导入任何内容：%2</translation>
    </message>
    <message>
        <source>the file is too big to be a device list</source>
        <translation>文件过大，不可能是设备列表</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n device(s) from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 台设备。</numerusform>
        </translation>
    </message>
    <message>
        <source>Device lists carry no passwords: enter them with Edit….</source>
        <translation>设备列表不含密码：请通过“编辑…”输入。</translation>
    </message>
    <message>
        <source>Not imported: %1</source>
        <translation>未导入：%1</translation>
    </message>
    <message>
        <source>Import a device list</source>
        <translation>导入设备列表</translation>
    </message>
    <message>
        <source>Device lists (*.json)</source>
        <translation>设备列表 (*.json)</translation>
    </message>
    <message>
        <source>Export the device list (without passwords)</source>
        <translation>导出设备列表（不含密码）</translation>
    </message>
    <message>
        <source>gatewatch-devices.json</source>
        <translation>gatewatch-devices.json</translation>
    </message>
</context>
<context>
    <name>DeviceSimulator</name>
    <message>
        <source>port %1 is out of range</source>
        <translation>端口 %1 超出范围</translation>
    </message>
    <message>
        <source>cannot read certificate %1: %2</source>
        <translation>无法读取证书 %1：%2</translation>
    </message>
    <message>
        <source>cannot read private key %1: %2</source>
        <translation>无法读取私钥 %1：%2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate</source>
        <translation>%1 中没有 PEM 证书</translation>
    </message>
    <message>
        <source>%1 holds no PEM private key (RSA or EC)</source>
        <translation>%1 中没有 PEM 私钥（RSA 或 EC）</translation>
    </message>
    <message>
        <source>cannot listen on %1 port %2 for device %3</source>
        <translation>无法为设备 %3 在 %1 的端口 %2 上监听</translation>
    </message>
</context>
<context>
    <name>DeviceTableProxy</name>
    <message>
        <source>certificate changed: refused until reviewed</source>
        <translation>证书已变更：检查前拒绝连接</translation>
    </message>
    <message>
        <source>certificate not trusted yet: review it</source>
        <translation>证书尚未受信任：请检查</translation>
    </message>
</context>
<context>
    <name>Discovery</name>
    <message>
        <source>No Avahi daemon is reachable (is avahi-daemon running?)</source>
        <translation>无法连接到 Avahi 守护进程（avahi-daemon 是否在运行？）</translation>
    </message>
    <message>
        <source>Avahi: %1</source>
        <translation>Avahi 错误：%1</translation>
    </message>
</context>
<context>
    <name>DiscoveryDialog</name>
    <message>
        <source>Find devices</source>
        <translation>查找设备</translation>
    </message>
    <message>
        <source>Terminals that announce themselves on this network. Select one and add it: GateWatch then opens its settings and tests the connection, so that you can check its certificate and enter its login.</source>
        <translation>此网络中主动广播自身的终端。选择一台并添加：GateWatch 随后会打开其设置并测试连接，以便您检查其证书并输入登录信息。</translation>
    </message>
    <message>
        <source>Discovery status</source>
        <translation>发现状态</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <source>Terminals found</source>
        <translation>已发现的终端</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>At this station</source>
        <translation>本工作站</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Add the selected terminal to this station</source>
        <translation>将所选终端添加到本工作站</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Terminal %1</source>
        <translation>终端 %1</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Terminal at %1</source>
        <translation>终端（%1）</translation>
    </message>
    <message>
        <source>Announced as &quot;%1&quot; by %2</source>
        <translation>%2 通告的名称为“%1”</translation>
    </message>
    <message>
        <source>%1, on %2</source>
        <translation>%1（网络接口 %2）</translation>
    </message>
    <message>
        <source>not added</source>
        <translation>未添加</translation>
    </message>
    <message>
        <source>added as &quot;%1&quot;</source>
        <translation>已添加为“%1”</translation>
    </message>
    <message>
        <source>%1 Terminals cannot be found automatically; add them by their address instead (Add… in the device settings).</source>
        <translation>%1 无法自动发现终端；请改为按地址添加（在设备设置中点击“添加…”）。</translation>
    </message>
    <message>
        <source>Discovery stopped: %1</source>
        <translation>终端搜索已停止：%1</translation>
    </message>
    <message>
        <source>Looking for terminals on this network… none has answered yet.</source>
        <translation>正在本网络中查找终端…尚无终端响应。</translation>
    </message>
    <message numerus="yes">
        <source>%n terminal(s) found; the list follows the network.</source>
        <translation>
            <numerusform>已找到 %n 台终端；列表随网络变化实时更新。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be added: %2</source>
        <translation>无法添加 %1：%2</translation>
    </message>
</context>
<context>
    <name>DoorAction</name>
    <message>
        <source>Open door</source>
        <translation>开门</translation>
    </message>
    <message>
        <source>Open the door at %1?

In answer to: %2

The terminal opens its door for its usual time. The request and its outcome are logged under your name (%3).</source>
        <translation>要打开 %1 的门吗？

响应事件：%2

终端将按其常规时长开门。该请求及其结果将以您的名义（%3）记入日志。</translation>
    </message>
    <message>
        <source>Opening the door of %1 (asked by %2 at %3)…</source>
        <translation>正在打开 %1 的门（由 %2 于 %3 请求）…</translation>
    </message>
    <message>
        <source>Door opening asked at %1 by %2; no outcome was recorded</source>
        <translation>%2 于 %1 请求开门；未记录结果</translation>
    </message>
    <message>
        <source>Door opened at %1 by %2</source>
        <translation>门已于 %1 由 %2 打开</translation>
    </message>
    <message>
        <source>Door not opened at %1 (asked by %2): %3</source>
        <translation>门未打开（%2 于 %1 请求）：%3</translation>
    </message>
    <message>
        <source>Ask %1 to open its door, after a confirmation</source>
        <translation>请求 %1 开门（需先确认）</translation>
    </message>
</context>
<context>
    <name>DoorControl</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>the device that sent this recognition (%1) is not configured on this station</source>
        <translation>发送此识别记录的设备（%1）未在本工作站上配置</translation>
    </message>
    <message>
        <source>the door is being opened for this recognition</source>
        <translation>正在为此识别记录开门</translation>
    </message>
</context>
<context>
    <name>DoorOpener</name>
    <message>
        <source>no credentials are configured for %1; add them in the device settings</source>
        <translation>未为 %1 配置登录凭据；请在设备设置中添加</translation>
    </message>
    <message>
        <source>login refused: %1</source>
        <translation>登录被拒绝：%1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP 状态码 %1</translation>
    </message>
    <message>
        <source>door opened</source>
        <translation>门已打开</translation>
    </message>
    <message>
        <source>the device refused to open the door: %1</source>
        <translation>设备拒绝开门：%1</translation>
    </message>
    <message>
        <source>the door request did not reach the device: %1</source>
        <translation>开门请求未送达设备：%1</translation>
    </message>
    <message>
        <source>%1; the door may have opened</source>
        <translation>%1；门可能已打开</translation>
    </message>
</context>
<context>
    <name>EnrolledPhotoFetcher</name>
    <message>
        <source>the device has no photo for user %1: it does not know this user</source>
        <translation>设备上没有用户 %1 的照片：设备中不存在该用户</translation>
    </message>
    <message>
        <source>fetching the enrolled photo failed: %1</source>
        <translation>获取注册照片失败：%1</translation>
    </message>
    <message>
        <source>the device has no photo for user %1</source>
        <translation>设备上没有用户 %1 的照片</translation>
    </message>
    <message>
        <source>the enrolled photo cannot be shown: %1</source>
        <translation>无法显示注册照片：%1</translation>
    </message>
    <message>
        <source>Enrolled photo of user %1</source>
        <translation>用户 %1 的注册照片</translation>
    </message>
</context>
<context>
    <name>EventDetailDialog</name>
    <message>
        <source>it could not be loaded from the store: %1</source>
        <translation>无法从数据库加载：%1</translation>
    </message>
    <message>
        <source>The raw frame was not kept for this event.</source>
        <translation>此事件未保留原始报文。</translation>
    </message>
    <message>
        <source>%1 (not understood)</source>
        <translation>%1（无法解析）</translation>
    </message>
    <message>
        <source>user.%1 (not understood)</source>
        <translation>user.%1（无法解析）</translation>
    </message>
    <message>
        <source>%1 × %2 pixels, %3</source>
        <translation>%1 × %2 像素，%3</translation>
    </message>
    <message>
        <source>Recognition — %1 at %2</source>
        <translation>识别记录 — %1，来自 %2</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>用户 %1</translation>
    </message>
    <message>
        <source>Stranger</source>
        <translation>陌生人</translation>
    </message>
    <message>
        <source>an unknown device</source>
        <translation>未知设备</translation>
    </message>
    <message>
        <source>Live snapshot</source>
        <translation>实时抓拍</translation>
    </message>
    <message>
        <source>Enrolled photo</source>
        <translation>注册照片</translation>
    </message>
    <message>
        <source>No enrolled photo</source>
        <translation>无注册照片</translation>
    </message>
    <message>
        <source>Event fields</source>
        <translation>事件字段</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Raw frame</source>
        <translation>原始报文</translation>
    </message>
    <message>
        <source>Formatting the raw frame…</source>
        <translation>正在格式化原始报文…</translation>
    </message>
    <message>
        <source>&amp;Fields</source>
        <translation>字段(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Raw frame</source>
        <translation>原始报文(&amp;R)</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>门</translation>
    </message>
    <message>
        <source>&amp;Open door…</source>
        <translation>开门(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详情(&amp;C)</translation>
    </message>
    <message>
        <source>NO PASS DECISION</source>
        <translation>无通行结果</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>DENIED</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Alert: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>not sent by the device</source>
        <translation>设备未发送</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>(no name sent)</source>
        <translation>（未发送姓名）</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户 ID</translation>
    </message>
    <message>
        <source>User type</source>
        <translation>用户类型</translation>
    </message>
    <message>
        <source>IC number</source>
        <translation>IC 卡号</translation>
    </message>
    <message>
        <source>Job number</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>not identified</source>
        <translation>未识别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>recognizeStatus %1</source>
        <translation>原始值：recognizeStatus %1</translation>
    </message>
    <message>
        <source>Recognition type</source>
        <translation>识别类型</translation>
    </message>
    <message>
        <source>recognitionType %1</source>
        <translation>原始值：recognitionType %1</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>通行结果</translation>
    </message>
    <message>
        <source>Recognition score</source>
        <translation>识别比对分数</translation>
    </message>
    <message>
        <source>Liveness score</source>
        <translation>活体检测分数</translation>
    </message>
    <message>
        <source>Body temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>口罩</translation>
    </message>
    <message>
        <source>Verification mode</source>
        <translation>验证方式</translation>
    </message>
    <message>
        <source>UUID</source>
        <translation>唯一标识（UUID）</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <source>%1 (recognition)</source>
        <translation>%1（识别）</translation>
    </message>
    <message>
        <source>Backfilled</source>
        <translation>补录</translation>
    </message>
    <message>
        <source>yes, fetched from the device&apos;s history</source>
        <translation>是，从设备历史记录中获取</translation>
    </message>
    <message>
        <source>no, pushed live</source>
        <translation>否，实时推送</translation>
    </message>
    <message>
        <source>unusable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>抓拍照片</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The snapshot is unusable: %1</source>
        <translation>抓拍照片不可用：%1</translation>
    </message>
    <message>
        <source>No snapshot</source>
        <translation>无抓拍照片</translation>
    </message>
    <message>
        <source>Loading the snapshot from the store…</source>
        <translation>正在从数据库加载抓拍照片…</translation>
    </message>
    <message>
        <source>loading from the store…</source>
        <translation>正在从数据库加载…</translation>
    </message>
    <message>
        <source>Decoding the snapshot…</source>
        <translation>正在解码抓拍照片…</translation>
    </message>
    <message>
        <source>No snapshot is stored for this event</source>
        <translation>此事件未存储抓拍照片</translation>
    </message>
    <message>
        <source>none stored</source>
        <translation>未存储</translation>
    </message>
    <message>
        <source>The snapshot cannot be shown: %1</source>
        <translation>无法显示抓拍照片：%1</translation>
    </message>
    <message>
        <source>%1, loaded from the store</source>
        <translation>%1，从数据库加载</translation>
    </message>
    <message>
        <source>No enrolled photo: fetching it needs the device&apos;s login</source>
        <translation>无注册照片：获取照片需要设备的登录信息</translation>
    </message>
    <message>
        <source>Fetching enrolled photo…</source>
        <translation>正在获取注册照片…</translation>
    </message>
    <message>
        <source>Fetching the enrolled photo was cancelled</source>
        <translation>已取消获取注册照片</translation>
    </message>
    <message>
        <source>The door log cannot be read: %1</source>
        <translation>无法读取开门日志：%1</translation>
    </message>
    <message>
        <source>The door cannot be opened from here: %1</source>
        <translation>无法在此处开门：%1</translation>
    </message>
</context>
<context>
    <name>EventLabels</name>
    <message>
        <source>code %1</source>
        <translation>代码 %1</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Non-live</source>
        <translation>非活体</translation>
    </message>
    <message>
        <source>Person in library</source>
        <translation>库内人员</translation>
    </message>
    <message>
        <source>Stranger</source>
        <translation>陌生人</translation>
    </message>
    <message>
        <source>Recognized</source>
        <translation>已识别</translation>
    </message>
    <message>
        <source>Authentication passed</source>
        <translation>认证通过</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <source>Blacklist</source>
        <translation>黑名单</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未检测</translation>
    </message>
    <message>
        <source>No mask</source>
        <translation>未戴口罩</translation>
    </message>
    <message>
        <source>Mask worn</source>
        <translation>已戴口罩</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>Face or card</source>
        <translation>人脸或刷卡</translation>
    </message>
    <message>
        <source>Face, card or QR code</source>
        <translation>人脸、刷卡或二维码</translation>
    </message>
    <message>
        <source>Face and card</source>
        <translation>人脸加刷卡</translation>
    </message>
    <message>
        <source>ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <source>Face or ID card</source>
        <translation>人脸或身份证</translation>
    </message>
    <message>
        <source>Face and ID card</source>
        <translation>人脸加身份证</translation>
    </message>
    <message>
        <source>PIN combination (code %1)</source>
        <translation>PIN 码组合（代码 %1）</translation>
    </message>
    <message>
        <source>Face, card or QR code (specification numbering); later firmware uses code 2 for face and card</source>
        <translation>人脸、刷卡或二维码（规范编号）；较新固件中代码 2 表示人脸加刷卡</translation>
    </message>
    <message>
        <source>Face and card (specification numbering); later firmware uses code 3 for face, card, QR code or PIN</source>
        <translation>人脸加刷卡（规范编号）；较新固件中代码 3 表示人脸、刷卡、二维码或 PIN 码</translation>
    </message>
    <message>
        <source>A verification mode with a PIN (code %1), sent only by later firmware; the exact combination is not documented</source>
        <translation>含 PIN 码的验证方式（代码 %1），仅较新固件会发送；具体组合未见文档说明</translation>
    </message>
    <message>
        <source>—</source>
        <comment>pass: the device did not say</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>EventParser</name>
    <message>
        <source>null</source>
        <translation>null（空值）</translation>
    </message>
    <message>
        <source>a string of %1 characters</source>
        <translation>长度为 %1 个字符的字符串</translation>
    </message>
    <message>
        <source>the string &quot;%1&quot;</source>
        <translation>字符串“%1”</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无值</translation>
    </message>
    <message>
        <source>`%1` should be an integer but is %2; ignored</source>
        <translation>`%1` 应为整数，实际为 %2；已忽略</translation>
    </message>
    <message>
        <source>`%1` should be a number but is %2; ignored</source>
        <translation>`%1` 应为数字，实际为 %2；已忽略</translation>
    </message>
    <message>
        <source>`%1` is %2 characters long, more than the limit of %3; ignored</source>
        <translation>`%1` 长 %2 个字符，超过 %3 的上限；已忽略</translation>
    </message>
    <message>
        <source>`%1` should be a string but is %2; ignored</source>
        <translation>`%1` 应为字符串，实际为 %2；已忽略</translation>
    </message>
    <message>
        <source>`%1` should be true or false but is %2; ignored</source>
        <translation>`%1` 应为 true 或 false，实际为 %2；已忽略</translation>
    </message>
    <message>
        <source>`%1` should be a number of seconds but is %2; ignored</source>
        <translation>`%1` 应为秒数，实际为 %2；已忽略</translation>
    </message>
    <message>
        <source>`%1` is %2, out of range for a time; ignored</source>
        <translation>`%1` 为 %2，超出时间的有效范围；已忽略</translation>
    </message>
    <message>
        <source>`%1` should be an array but is %2; ignored</source>
        <translation>`%1` 应为数组，实际为 %2；已忽略</translation>
    </message>
    <message>
        <source>`%1` names no group; ignored</source>
        <translation>`%1` 未指明任何分组；已忽略</translation>
    </message>
    <message>
        <source>`user` should be an object but is %1; ignored</source>
        <translation>`user` 应为对象，实际为 %1；已忽略</translation>
    </message>
    <message>
        <source>snapshot is %1, not a base64 string</source>
        <translation>抓拍照片为 %1，而不是 base64 字符串</translation>
    </message>
    <message>
        <source>snapshot is larger than the limit of %1 bytes</source>
        <translation>抓拍照片超过 %1 字节的上限</translation>
    </message>
    <message>
        <source>snapshot is not valid base64: %1</source>
        <translation>抓拍照片不是有效的 base64：%1</translation>
    </message>
    <message>
        <source>`%1` holds text longer than %2 characters; replaced by a placeholder</source>
        <translation>`%1` 包含超过 %2 个字符的文本；已替换为占位符</translation>
    </message>
    <message>
        <source>frame is %1 bytes, more than the limit of %2 bytes</source>
        <translation>报文为 %1 字节，超过 %2 字节的上限</translation>
    </message>
    <message>
        <source>not JSON: the frame is empty</source>
        <translation>不是 JSON：报文为空</translation>
    </message>
    <message>
        <source>not JSON: NUL byte at offset %1</source>
        <translation>不是 JSON：偏移 %1 处有 NUL 字节</translation>
    </message>
    <message>
        <source>not JSON: the frame is not valid UTF-8</source>
        <translation>不是 JSON：报文不是有效的 UTF-8</translation>
    </message>
    <message>
        <source>not JSON: %1 at offset %2</source>
        <translation>不是 JSON：%1（偏移 %2）</translation>
    </message>
    <message>
        <source>not a JSON object but an array</source>
        <translation>不是 JSON 对象，而是数组</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>`type` is missing</source>
        <translation>缺少 `type`</translation>
    </message>
    <message>
        <source>`type` is not an integer but %1</source>
        <translation>`type` 不是整数，而是 %1</translation>
    </message>
    <message>
        <source>unsupported event type %1</source>
        <translation>不支持的事件类型 %1</translation>
    </message>
    <message>
        <source>`data` is missing</source>
        <translation>缺少 `data`</translation>
    </message>
    <message>
        <source>`data` is not an object but %1</source>
        <translation>`data` 不是对象，而是 %1</translation>
    </message>
</context>
<context>
    <name>EventReader</name>
    <message>
        <source>The database %1 does not exist.</source>
        <translation>数据库 %1 不存在。</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the database %1: %2</source>
        <translation>无法读取数据库 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a GateWatch database.</source>
        <translation>%1 不是 GateWatch 数据库。</translation>
    </message>
    <message>
        <source>The database %1 has schema version %2; this GateWatch reads versions %3 to %4.</source>
        <translation>数据库 %1 的架构版本为 %2；此版本的 GateWatch 可读取版本 %3 至 %4。</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>数据库未打开。</translation>
    </message>
    <message>
        <source>A page needs room for at least one row.</source>
        <translation>每页至少需要容纳一行。</translation>
    </message>
    <message>
        <source>The position belongs to another sort order.</source>
        <translation>该位置属于另一种排序方式。</translation>
    </message>
    <message>
        <source>The position does not fit its sort order.</source>
        <translation>该位置与其排序方式不符。</translation>
    </message>
    <message>
        <source>No stored event has the key %1.</source>
        <translation>没有键为 %1 的已存储事件。</translation>
    </message>
    <message>
        <source>The snapshot of event %1 cannot be read: %2</source>
        <translation>无法读取事件 %1 的抓拍照片：%2</translation>
    </message>
</context>
<context>
    <name>EventStore</name>
    <message>
        <source>Cannot open the database %1 for writing: %2. To record, %3.</source>
        <translation>无法以写入方式打开数据库 %1：%2。要继续记录，请%3。</translation>
    </message>
    <message>
        <source>Cannot update the schema of the database %1: %2</source>
        <translation>无法更新数据库 %1 的架构：%2</translation>
    </message>
    <message>
        <source>Cannot prepare the database %1 (%2): %3</source>
        <translation>无法准备数据库 %1（%2）：%3</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) wait to be stored, as many as are kept in memory: events received from now on are not stored until the database can be written again.</source>
        <translation>
            <numerusform>有 %n 个事件等待存储，已达内存可暂存的上限：此后收到的事件将不会被存储，直到数据库恢复可写。</numerusform>
        </translation>
    </message>
    <message>
        <source>not kept: it arrived while the database could not be written, with the memory for snapshots waiting to be stored full</source>
        <translation>未保留：该事件到达时数据库无法写入，且用于暂存待存储抓拍照片的内存已满</translation>
    </message>
    <message>
        <source>The snapshots waiting to be stored fill the memory set aside for them (%1): events received from now on are kept without their snapshot until the database can be written again.</source>
        <translation>待存储的抓拍照片已占满为其预留的内存（%1）：此后收到的事件将不含抓拍照片保存，直到数据库恢复可写。</translation>
    </message>
    <message>
        <source>An acknowledgement that does not name its event was not stored.</source>
        <translation>一条未指明所属事件的确认记录未被存储。</translation>
    </message>
    <message>
        <source>The acknowledgement of event %1 does not say who gave it; it was not stored.</source>
        <translation>事件 %1 的确认记录未注明确认人，未被存储。</translation>
    </message>
    <message>
        <source>The acknowledgement of event %1 has no valid time; it was not stored.</source>
        <translation>事件 %1 的确认记录没有有效时间，未被存储。</translation>
    </message>
    <message>
        <source>A door log entry without a request id was not stored.</source>
        <translation>一条没有请求 ID 的开门日志条目未被存储。</translation>
    </message>
    <message>
        <source>The door log entry %1 does not name its event; it was not stored.</source>
        <translation>开门日志条目 %1 未指明所属事件，未被存储。</translation>
    </message>
    <message>
        <source>The door log entry %1 does not say who asked; it was not stored.</source>
        <translation>开门日志条目 %1 未注明请求人，未被存储。</translation>
    </message>
    <message>
        <source>The door log entry %1 has no valid time; it was not stored.</source>
        <translation>开门日志条目 %1 没有有效时间，未被存储。</translation>
    </message>
    <message numerus="yes">
        <source>Recording stopped: %1. Events received meanwhile are kept in memory (up to %n) and stored as soon as the database can be written again. To resume, %2.</source>
        <translation>
            <numerusform>记录已停止：%1。在此期间收到的事件将暂存在内存中（最多 %n 个），数据库恢复可写后立即存储。要恢复记录，请%2。</numerusform>
        </translation>
    </message>
    <message>
        <source>Recording resumed: %1 can be written again.</source>
        <translation>记录已恢复：%1 已可再次写入。</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) received while it could not be written were stored.</source>
        <translation>
            <numerusform>数据库无法写入期间收到的 %n 个事件已存储。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) received from %1 to %2 could not be kept and are not in the database.</source>
        <translation>
            <numerusform>%1 至 %2 期间收到的 %n 个事件未能保留，不在数据库中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) were stored without their snapshot, for want of memory to keep it.</source>
        <translation>
            <numerusform>%n 个事件因内存不足无法保留抓拍照片，已在不含抓拍照片的情况下存储。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be stored before closing the database.</source>
        <translation>
            <numerusform>关闭数据库前有 %n 个事件未能存储。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acknowledgement(s) could not be stored before closing the database.</source>
        <translation>
            <numerusform>关闭数据库前有 %n 条确认记录未能存储。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n door log entry(s) could not be stored before closing the database.</source>
        <translation>
            <numerusform>关闭数据库前有 %n 条开门日志条目未能存储。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) received while the database could not be written were not kept.</source>
        <translation>
            <numerusform>数据库无法写入期间收到的 %n 个事件未能保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 个事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n acknowledgement(s)</source>
        <translation>
            <numerusform>%n 条确认记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n door log entry(s)</source>
        <translation>
            <numerusform>%n 条开门日志条目</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <extracomment>&quot;3 event(s) and 1 acknowledgement(s)&quot;, &quot;3 event(s), 1 acknowledgement(s) and 1 door…&quot;</extracomment>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <source>Could not store %1: %2</source>
        <translation>无法存储 %1：%2</translation>
    </message>
    <message>
        <source>Event %1 was not stored: %2</source>
        <translation>事件 %1 未存储：%2</translation>
    </message>
    <message>
        <source>there is no such event in the database</source>
        <translation>数据库中没有该事件</translation>
    </message>
    <message>
        <source>it could not be read back</source>
        <translation>存储后无法读回</translation>
    </message>
    <message>
        <source>The acknowledgement of event %1 was not stored: %2</source>
        <translation>事件 %1 的确认记录未存储：%2</translation>
    </message>
    <message>
        <source>The door log entry %1 was not stored: %2</source>
        <translation>开门日志条目 %1 未存储：%2</translation>
    </message>
    <message>
        <source>Where the back-fill resumes was not stored: %1</source>
        <translation>补录的续传位置未存储：%1</translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation>数据库未打开</translation>
    </message>
</context>
<context>
    <name>ExportCommand</name>
    <message>
        <source>Writes stored recognitions to an RFC 4180 CSV file (UTF-8), optionally with every snapshot as a JPEG file.</source>
        <translation>将已存储的识别记录写入 RFC 4180 CSV 文件（UTF-8），并可选择将每张抓拍照片另存为 JPEG 文件。</translation>
    </message>
    <message>
        <source>The GateWatch database to read.</source>
        <translation>要读取的 GateWatch 数据库。</translation>
    </message>
    <message>
        <source>The CSV file to write (replaced only when the export succeeds).</source>
        <translation>要写入的 CSV 文件（仅在导出成功时才会替换）。</translation>
    </message>
    <message>
        <source>Also write each snapshot, bit-exact, into DIR (created if missing).</source>
        <translation>同时将每张抓拍照片按原样逐字节写入 DIR（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>Only recognitions at or after this time (ISO 8601; local time unless a zone is given).</source>
        <translation>仅包含此时间及之后的识别记录（ISO 8601；未指定时区时按本地时间）。</translation>
    </message>
    <message>
        <source>Only recognitions at or before this time (ISO 8601; a bare date means the end of that day).</source>
        <translation>仅包含此时间及之前的识别记录（ISO 8601；仅给出日期时表示当天结束）。</translation>
    </message>
    <message>
        <source>Only recognitions of the device with this serial number (repeatable).</source>
        <translation>仅包含此序列号设备的识别记录（可重复指定）。</translation>
    </message>
    <message>
        <source>Only passes (yes) or only denials (no).</source>
        <translation>仅包含通过（yes）或仅包含拒绝（no）的记录。</translation>
    </message>
    <message>
        <source>Only recognitions of people whose name or user id contains TEXT, ignoring case and accents.</source>
        <translation>仅包含姓名或用户 ID 含有 TEXT 的人员的识别记录，不区分大小写和重音。</translation>
    </message>
    <message>
        <source>Only recognitions with these recognizeStatus codes, comma-separated or repeated (0 unknown, 1 non-live, 2 person in library, 3 stranger, 4 recognized, 5 authentication passed, 6 authentication failed).</source>
        <translation>仅包含具有这些 recognizeStatus 代码的识别记录，以逗号分隔或重复指定（0 未知，1 非活体，2 库中人员，3 陌生人，4 已识别，5 认证通过，6 认证失败）。</translation>
    </message>
    <message>
        <source>Only recognitions with these mask codes, comma-separated or repeated (0 not checked, 1 no mask, 2 mask worn).</source>
        <translation>仅包含具有这些口罩代码的识别记录，以逗号分隔或重复指定（0 未检测，1 未戴口罩，2 已戴口罩）。</translation>
    </message>
    <message>
        <source>Only recognitions with a recognition score of at least X (0 to 1).</source>
        <translation>仅包含比对分数不低于 X（0 到 1）的识别记录。</translation>
    </message>
    <message>
        <source>Only alerts: strangers, denials, non-live attempts and blacklisted people.</source>
        <translation>仅包含告警：陌生人、拒绝、非活体尝试和黑名单人员。</translation>
    </message>
    <message>
        <source>Only alerts for these reasons, comma-separated or repeated: stranger, denied, non-live, blacklist (implies --alerts-only).</source>
        <translation>仅包含以下原因的告警，以逗号分隔或重复指定：stranger、denied、non-live、blacklist（隐含 --alerts-only）。</translation>
    </message>
    <message>
        <source>Only recognitions no guard has acknowledged.</source>
        <translation>仅包含尚无保安确认的识别记录。</translation>
    </message>
    <message>
        <source>Start the file with a UTF-8 byte order mark, for spreadsheet programs.</source>
        <translation>在文件开头写入 UTF-8 字节顺序标记（BOM），便于电子表格程序识别。</translation>
    </message>
    <message>
        <source>--db PATH is required</source>
        <translation>必须指定 --db PATH</translation>
    </message>
    <message>
        <source>--output FILE.csv is required</source>
        <translation>必须指定 --output FILE.csv</translation>
    </message>
    <message>
        <source>--from: &apos;%1&apos; is not an ISO 8601 date or time</source>
        <translation>--from：“%1”不是 ISO 8601 日期或时间</translation>
    </message>
    <message>
        <source>--to: &apos;%1&apos; is not an ISO 8601 date or time</source>
        <translation>--to：“%1”不是 ISO 8601 日期或时间</translation>
    </message>
    <message>
        <source>--to is before --from</source>
        <translation>--to 早于 --from</translation>
    </message>
    <message>
        <source>--pass must be &apos;yes&apos; or &apos;no&apos;, not &apos;%1&apos;</source>
        <translation>--pass 必须为 &apos;yes&apos; 或 &apos;no&apos;，而不是“%1”</translation>
    </message>
    <message>
        <source>--name needs some text to look for</source>
        <translation>--name 需要指定要查找的文本</translation>
    </message>
    <message>
        <source>--status: &apos;%1&apos; is not a status code (a whole number such as 3; several separated by commas)</source>
        <translation>--status：“%1”不是状态代码（应为整数，例如 3；多个代码以逗号分隔）</translation>
    </message>
    <message>
        <source>--mask: &apos;%1&apos; is not a mask code (0, 1 or 2; several separated by commas)</source>
        <translation>--mask：“%1”不是口罩代码（0、1 或 2；多个代码以逗号分隔）</translation>
    </message>
    <message>
        <source>--min-score must be a number from 0 to 1 (such as 0.8), not &apos;%1&apos;</source>
        <translation>--min-score 必须是 0 到 1 之间的数字（例如 0.8），而不是“%1”</translation>
    </message>
    <message>
        <source>--alert-reasons: &apos;%1&apos; is not a reason (stranger, denied, non-live or blacklist)</source>
        <translation>--alert-reasons：“%1”不是有效原因（stranger、denied、non-live 或 blacklist）</translation>
    </message>
    <message>
        <source>no database at %1</source>
        <translation>%1 处没有数据库</translation>
    </message>
    <message>
        <source>exported %1 of %2 rows (%3 %)</source>
        <translation>已导出 %1/%2 行（%3%）</translation>
    </message>
    <message>
        <source>, %1 rows/s</source>
        <translation>，%1 行/秒</translation>
    </message>
    <message>
        <source>exported %1 rows to %2 (%3)</source>
        <translation>已导出 %1 行到 %2（%3）</translation>
    </message>
    <message>
        <source>, %1 snapshots to %2</source>
        <translation>，%1 张抓拍照片到 %2</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message numerus="yes">
        <source>Exports the %Ln recognition(s) of the History window&apos;s filter, oldest first, as CSV: the columns of &apos;gatewatch export&apos;.</source>
        <translation>
            <numerusform>将“历史记录”窗口筛选出的 %Ln 条识别记录按从旧到新的顺序导出为 CSV，列与 &apos;gatewatch export&apos; 相同。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exports the recognitions of the History window&apos;s filter, oldest first, as CSV: the columns of &apos;gatewatch export&apos;.</source>
        <translation>将“历史记录”窗口筛选出的识别记录按从旧到新的顺序导出为 CSV，列与 &apos;gatewatch export&apos; 相同。</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>CSV &amp;file:</source>
        <translation>CSV 文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Save the &amp;snapshots as JPEG files, named in the CSV</source>
        <translation>将抓拍照片另存为 JPEG 文件，文件名记入 CSV(&amp;S)</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Snapshot f&amp;older:</source>
        <translation>抓拍照片文件夹(&amp;O)：</translation>
    </message>
    <message>
        <source>For &amp;Excel: start the file with a UTF-8 byte order mark</source>
        <translation>适用于 Excel(&amp;E)：在文件开头写入 UTF-8 字节顺序标记</translation>
    </message>
    <message>
        <source>Excel needs it to read names in any script correctly; LibreOffice and scripts read the file either way.</source>
        <translation>Excel 需要此标记才能正确读取各种文字的姓名；LibreOffice 和脚本无论有无此标记都能读取该文件。</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save the snapshots in</source>
        <translation>将抓拍照片保存到</translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation>请选择要导出到的文件。</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file name.</source>
        <translation>%1 是文件夹；请选择文件名。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Choose the folder for the snapshots.</source>
        <translation>请选择存放抓拍照片的文件夹。</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，而不是文件夹。</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>要替换该文件吗？</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it with this export?</source>
        <translation>%1 已存在。要用本次导出替换它吗？</translation>
    </message>
    <message>
        <source>Nothing was exported.</source>
        <translation>未导出任何内容。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln row(s) written…</source>
        <translation>
            <numerusform>已写入 %1 / %Ln 行…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) to %1 (%2).</source>
        <translation>
            <numerusform>已将 %Ln 行导出到 %1（%2）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln snapshot(s) saved in %1.</source>
        <translation>
            <numerusform>已将 %Ln 张抓拍照片保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written to %1.</source>
        <translation>导出已取消：未向 %1 写入任何内容。</translation>
    </message>
    <message>
        <source>The export failed: %1
Nothing was written to %2.</source>
        <translation>导出失败：%1
未向 %2 写入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>The %Ln snapshot(s) saved before stay in %1.</source>
        <translation>
            <numerusform>之前已保存的 %Ln 张抓拍照片仍保留在 %1 中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>FileCredentialStore</name>
    <message>
        <source>the file %1 (readable by you only; not encrypted)</source>
        <translation>文件 %1（仅您可读；未加密）</translation>
    </message>
    <message>
        <source>cannot use %1: the folder %2 does not exist</source>
        <translation>无法使用 %1：文件夹 %2 不存在</translation>
    </message>
    <message>
        <source>cannot use %1: it is not a file; choose a file</source>
        <translation>无法使用 %1：它不是文件；请选择一个文件</translation>
    </message>
    <message>
        <source>%1 belongs to another user; passwords are kept only in a file of your own: choose another file</source>
        <translation>%1 属于其他用户；密码只能保存在您自己的文件中：请选择其他文件</translation>
    </message>
    <message>
        <source>%1 is readable by other users; fix its permissions with chmod 600 %2, or choose another file</source>
        <translation>%1 可被其他用户读取；请用 chmod 600 %2 修正其权限，或选择其他文件</translation>
    </message>
    <message>
        <source>%1 can be changed by other users; fix its permissions with chmod 600 %2, or choose another file</source>
        <translation>%1 可被其他用户修改；请用 chmod 600 %2 修正其权限，或选择其他文件</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a GateWatch credentials file (%2); it is kept as it is: fix or remove it, or choose another file</source>
        <translation>%1 不是 GateWatch 凭据文件（%2）；已保持原样：请修复或删除它，或选择其他文件</translation>
    </message>
    <message>
        <source>it is bigger than %1 KiB</source>
        <translation>文件大于 %1 KiB</translation>
    </message>
    <message>
        <source>not JSON: %1 at byte %2</source>
        <translation>不是 JSON：%1（第 %2 字节）</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>its format is not %1</source>
        <translation>格式不是 %1</translation>
    </message>
    <message>
        <source>its version is not a number</source>
        <translation>版本号不是数字</translation>
    </message>
    <message>
        <source>%1 was written by a newer GateWatch (version %2; this one reads version %3); it is kept as it is</source>
        <translation>%1 由较新版本的 GateWatch 写入（版本 %2；当前程序可读取版本 %3）；已保持原样</translation>
    </message>
    <message>
        <source>its passwords are not a JSON object</source>
        <translation>其中的密码不是 JSON 对象</translation>
    </message>
    <message>
        <source>the password of %1 is not text</source>
        <translation>%1 的密码不是文本</translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>GalleryDelegate</name>
    <message>
        <source>No snapshot</source>
        <translation>无抓拍照片</translation>
    </message>
    <message>
        <source>Snapshot unreadable</source>
        <translation>抓拍照片无法读取</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>NO VERDICT</source>
        <translation>无结果</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>DENIED</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Unknown person</source>
        <translation>未知人员</translation>
    </message>
    <message>
        <source>%1 · from history</source>
        <extracomment>A tile&apos;s time when the event was fetched from the device&apos;s history</extracomment>
        <translation>%1 · 来自历史记录</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <source>The database to record into and show from (default: gatewatch.sqlite in the user&apos;s data folder; with --demo, demo.sqlite there).</source>
        <translation>要记录到其中并从中显示的数据库（默认：用户数据文件夹中的 gatewatch.sqlite；使用 --demo 时为该文件夹中的 demo.sqlite）。</translation>
    </message>
    <message>
        <source>Also start simulated terminals in this process (TLS, their certificate pinned) so the dashboard comes alive with no set-up. Uses a separate demo database unless --db is given.</source>
        <translation>同时在本进程中启动模拟终端（使用 TLS，证书已固定），无需任何设置即可让监控面板运转起来。除非指定 --db，否则使用单独的演示数据库。</translation>
    </message>
    <message>
        <source>How many simulated terminals --demo starts (1-50, default 4).</source>
        <translation>--demo 启动的模拟终端数量（1-50，默认 4）。</translation>
    </message>
    <message>
        <source>Recognitions per second per simulated terminal (default 0.5).</source>
        <translation>每个模拟终端每秒产生的识别记录数（默认 0.5）。</translation>
    </message>
    <message>
        <source>The name alert acknowledgements are given under (default: the login name).</source>
        <translation>确认告警时使用的署名（默认：登录名）。</translation>
    </message>
    <message>
        <source>Updating the history database %1 for this version of GateWatch (schema %2 to %3).

This happens once. On a large history it takes a few minutes; nothing recorded is lost.</source>
        <translation>正在为此版本的 GateWatch 更新历史记录数据库 %1（架构版本 %2 升级到 %3）。

此操作只需进行一次。历史记录较多时需要几分钟；已记录的内容不会丢失。</translation>
    </message>
    <message>
        <source>gatewatch: updating the database %1 from schema %2 to %3 (once; on a large history this takes a few minutes)</source>
        <translation>gatewatch：正在将数据库 %1 从架构版本 %2 更新到 %3（仅此一次；历史记录较大时需要几分钟）</translation>
    </message>
    <message>
        <source>GateWatch</source>
        <translation>GateWatch</translation>
    </message>
    <message>
        <source>Dashboard options:</source>
        <translation>监控面板选项：</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>未知命令 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--demo-devices must be a whole number from 1 to 50, not &apos;%1&apos;</source>
        <translation>--demo-devices 必须是 1 到 50 之间的整数，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--demo-rate must be a number above 0 and at most 100, not &apos;%1&apos;</source>
        <translation>--demo-rate 必须是大于 0 且不超过 100 的数字，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--demo-devices and --demo-rate go with --demo</source>
        <translation>--demo-devices 和 --demo-rate 须与 --demo 一起使用</translation>
    </message>
    <message>
        <source>gatewatch: cannot create the data folder %1</source>
        <translation>gatewatch: 无法创建数据文件夹 %1</translation>
    </message>
    <message>
        <source>gatewatch: demo: %1 simulated terminals, recording into %2</source>
        <translation>gatewatch: 演示：%1 台模拟终端，记录到 %2</translation>
    </message>
    <message>
        <source>GateWatch cannot start:
%1</source>
        <translation>GateWatch 无法启动：
%1</translation>
    </message>
    <message>
        <source>Database error: %1</source>
        <translation>数据库错误：%1</translation>
    </message>
    <message>
        <source>gatewatch: cannot start again: %1</source>
        <translation>gatewatch：无法重新启动：%1</translation>
    </message>
</context>
<context>
    <name>HistoryFilterSpec</name>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>From … to …</source>
        <translation>从 … 到 …</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
</context>
<context>
    <name>HistoryPurger</name>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>Cannot prepare the database %1 (%2): %3</source>
        <translation>无法准备数据库 %1（%2）：%3</translation>
    </message>
    <message>
        <source>Cannot find old recognitions: %1</source>
        <translation>无法查找旧的识别记录：%1</translation>
    </message>
    <message>
        <source>Cannot delete old recognitions: %1</source>
        <translation>无法删除旧的识别记录：%1</translation>
    </message>
    <message>
        <source>Cannot find old snapshots: %1</source>
        <translation>无法查找旧的抓拍照片：%1</translation>
    </message>
    <message>
        <source>Cannot delete old snapshots: %1</source>
        <translation>无法删除旧的抓拍照片：%1</translation>
    </message>
    <message>
        <source>Cannot measure the snapshots: %1</source>
        <translation>无法统计抓拍照片的占用空间：%1</translation>
    </message>
    <message>
        <source>Cannot find the oldest snapshots: %1</source>
        <translation>无法查找最早的抓拍照片：%1</translation>
    </message>
    <message>
        <source>Cannot delete the oldest snapshots: %1</source>
        <translation>无法删除最早的抓拍照片：%1</translation>
    </message>
    <message>
        <source>Cannot delete unused snapshot files: %1</source>
        <translation>无法删除未使用的抓拍照片文件：%1</translation>
    </message>
    <message>
        <source>Cannot release free space: %1</source>
        <translation>无法释放空闲空间：%1</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>History — GateWatch</source>
        <translation>历史记录 — GateWatch</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>时间(&amp;T)：</translation>
    </message>
    <message>
        <source>From this time on (inclusive)</source>
        <translation>从此时间起（含）</translation>
    </message>
    <message>
        <source>Up to this time (inclusive)</source>
        <translation>截至此时间（含）</translation>
    </message>
    <message>
        <source>&amp;Devices:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>name or user ID, any part</source>
        <translation>姓名或用户 ID（可部分匹配）</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>人员(&amp;P)：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Pass or deny</source>
        <translation>通过或拒绝</translation>
    </message>
    <message>
        <source>Pass only</source>
        <translation>仅通过</translation>
    </message>
    <message>
        <source>Denied only</source>
        <translation>仅拒绝</translation>
    </message>
    <message>
        <source>&amp;Verdict:</source>
        <translation>通行结果(&amp;V)：</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>&amp;Mask:</source>
        <translation>口罩(&amp;M)：</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Min. s&amp;core:</source>
        <translation>最低比对分数(&amp;C)：</translation>
    </message>
    <message>
        <source>Only a&amp;lerts</source>
        <translation>仅告警(&amp;L)</translation>
    </message>
    <message>
        <source>Only &amp;unacknowledged</source>
        <translation>仅未确认(&amp;U)</translation>
    </message>
    <message>
        <source>Recognitions no guard has acknowledged</source>
        <translation>尚无保安确认的识别记录</translation>
    </message>
    <message>
        <source>Sa&amp;ved filters:</source>
        <translation>已保存的筛选(&amp;V)：</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Reset filters</source>
        <translation>重置筛选(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep history…</source>
        <translation>历史记录保留期限(&amp;K)…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export what the filter shows to CSV (%1)</source>
        <translation>将当前筛选结果导出为 CSV（%1）</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>筛选名称：</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No recognitions stored yet</source>
        <translation>尚未存储任何识别记录</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>已选择 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>所有设备</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>(choose one)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>无法读取历史记录：%1</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln recognition(s)</source>
        <translation>
            <numerusform>%Ln 条识别记录</numerusform>
        </translation>
    </message>
    <message>
        <source>(the list ends after the first %L1: narrow the filter, or click the column header again to see the other end)</source>
        <translation>（列表仅显示前 %L1 条：请缩小筛选范围，或再次单击列标题查看另一端）</translation>
    </message>
    <message>
        <source>History is kept forever.</source>
        <translation>历史记录永久保留。</translation>
    </message>
    <message>
        <source>Records are kept %1, faces %2</source>
        <translation>记录保留：%1，人脸保留：%2</translation>
    </message>
    <message>
        <source>, at most %1 GB of faces</source>
        <translation>，人脸最多占用 %1 GB</translation>
    </message>
    <message>
        <source>Keep history</source>
        <translation>历史记录保留期限</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>as long as the records</source>
        <translation>与记录相同</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Older recognitions are deleted in the background, a little at a time, without interrupting recording. Faces can go earlier than the records. The door log is always kept.</source>
        <translation>较旧的识别记录会在后台分批逐步删除，不会中断记录。人脸可以早于记录被删除。开门日志始终保留。</translation>
    </message>
    <message>
        <source>Keep &amp;records:</source>
        <translation>记录保留(&amp;R)：</translation>
    </message>
    <message>
        <source>Keep &amp;faces:</source>
        <translation>人脸保留(&amp;F)：</translation>
    </message>
    <message>
        <source>Faces take at &amp;most:</source>
        <translation>人脸最多占用(&amp;M)：</translation>
    </message>
    <message numerus="yes">
        <source>Recognitions older than %n day(s) will be deleted for good. Continue?</source>
        <translation>
            <numerusform>早于 %n 天的识别记录将被永久删除。是否继续？</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 像素</translation>
    </message>
</context>
<context>
    <name>KeychainCredentialStore</name>
    <message>
        <source>the keychain is locked</source>
        <translation>系统密钥环已锁定</translation>
    </message>
    <message>
        <source>the keychain has no such entry</source>
        <translation>系统密钥环中没有此条目</translation>
    </message>
    <message>
        <source>access to the keychain was denied</source>
        <translation>访问系统密钥环被拒绝</translation>
    </message>
    <message>
        <source>no keychain service is available</source>
        <translation>没有可用的系统密钥环服务</translation>
    </message>
    <message>
        <source>the keychain could not delete the password</source>
        <translation>系统密钥环无法删除该密码</translation>
    </message>
    <message>
        <source>no D-Bus session bus: %1</source>
        <translation>没有 D-Bus 会话总线：%1</translation>
    </message>
    <message>
        <source>the keychain service did not answer</source>
        <translation>系统密钥环服务没有响应</translation>
    </message>
    <message>
        <source>the keychain reported an unknown error</source>
        <translation>系统密钥环报告了未知错误</translation>
    </message>
    <message>
        <source>the keychain reported an error: %1</source>
        <translation>系统密钥环报告错误：%1</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>系统密钥环</translation>
    </message>
    <message numerus="yes">
        <source>no keychain service is available (it did not answer within %n s)</source>
        <translation>
            <numerusform>没有可用的系统密钥环服务（%n 秒内未响应）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>The %1 translation of GateWatch cannot be read from %2; the interface stays in English.</source>
        <translation>无法从 %2 读取 GateWatch 的%1翻译；界面保持英文。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the door of %1…</source>
        <translation>正在为 %1 开门…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Recording stopped</source>
        <translation>记录已停止</translation>
    </message>
    <message>
        <source>Live gallery</source>
        <translation>实时抓拍墙</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>No devices are set up at this station yet. Add a terminal by its address, or find the ones announced on this network.</source>
        <translation>此工作站尚未设置任何设备。请按地址添加终端，或查找本网络中广播的终端。</translation>
    </message>
    <message>
        <source>&amp;Add a device…</source>
        <translation>添加设备(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Find devices…</source>
        <translation>查找设备(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Pause live view</source>
        <translation>暂停实时视图(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Freeze the gallery and the table; events keep being recorded (Pause or Ctrl+Shift+P)</source>
        <translation>冻结抓拍墙和表格；事件仍会继续记录（Pause 或 Ctrl+Shift+P）</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>显示详情(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Show the selected recognition in full (Enter or double-click)</source>
        <translation>完整显示所选识别记录（Enter 或双击）</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>历史记录(&amp;H)…</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>Search the stored recognitions, by time, device, person or verdict (Ctrl+H)</source>
        <translation>按时间、设备、人员或通行结果搜索已存储的识别记录（Ctrl+H）</translation>
    </message>
    <message>
        <source>&amp;Larger tiles</source>
        <translation>放大缩略图(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Smaller tiles</source>
        <translation>缩小缩略图(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Normal tile size</source>
        <translation>默认缩略图大小(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>Table &amp;columns…</source>
        <translation>表格列(&amp;C)…</translation>
    </message>
    <message>
        <source>Go to &amp;gallery</source>
        <translation>转到抓拍墙(&amp;G)</translation>
    </message>
    <message>
        <source>Go to &amp;table</source>
        <translation>转到表格(&amp;T)</translation>
    </message>
    <message>
        <source>Go to &amp;alerts</source>
        <translation>转到告警(&amp;A)</translation>
    </message>
    <message>
        <source>Go to de&amp;vices</source>
        <translation>转到设备(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Manage devices…</source>
        <translation>管理设备(&amp;M)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Add, edit, enable or remove the terminals this station watches (Ctrl+Shift+D)</source>
        <translation>添加、编辑、启用或移除本工作站监控的终端（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <source>This session has no device list of its own</source>
        <translation>此会话没有自己的设备列表</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Acknowledge newest alert…</source>
        <translation>确认最新告警(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Acknowledge a&amp;ll alerts…</source>
        <translation>确认全部告警(&amp;L)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+K</source>
        <translation>Ctrl+Shift+K</translation>
    </message>
    <message>
        <source>Alert &amp;rules…</source>
        <translation>告警规则(&amp;R)…</translation>
    </message>
    <message>
        <source>Acknowledge under the &amp;name…</source>
        <translation>确认署名(&amp;N)…</translation>
    </message>
    <message>
        <source>Live view</source>
        <translation>实时视图</translation>
    </message>
    <message>
        <source>Tile size</source>
        <translation>缩略图大小</translation>
    </message>
    <message>
        <source>Tile size (Ctrl++ and Ctrl+-)</source>
        <translation>缩略图大小（Ctrl++ 和 Ctrl+-）</translation>
    </message>
    <message>
        <source>DEMO — simulated devices, database %1</source>
        <translation>演示 — 模拟设备，数据库 %1</translation>
    </message>
    <message>
        <source>Database %1</source>
        <translation>数据库 %1</translation>
    </message>
    <message>
        <source>GateWatch</source>
        <translation>GateWatch</translation>
    </message>
    <message>
        <source>&amp;Resume live view</source>
        <translation>恢复实时视图(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <source>Live view paused — %n new recognition(s) waiting; they are being recorded and appear when you resume (Pause or Ctrl+Shift+P).</source>
        <translation>
            <numerusform>实时视图已暂停 — %n 条新识别记录等待显示；它们正在被记录，恢复后即会显示（Pause 或 Ctrl+Shift+P）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Live view paused — %n new recognition(s) waiting; they appear when you resume (Pause or Ctrl+Shift+P).</source>
        <translation>
            <numerusform>实时视图已暂停 — %n 条新识别记录等待显示；恢复后即会显示（Pause 或 Ctrl+Shift+P）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused: %n new waiting</source>
        <translation>
            <numerusform>已暂停：%n 条新记录等待显示</numerusform>
        </translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>GateWatch: recording stopped</source>
        <translation>GateWatch：记录已停止</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) waiting in memory to be stored.</source>
        <translation>
            <numerusform>%n 个事件正在内存中等待存储。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be kept and will be missing from the database.</source>
        <translation>
            <numerusform>%n 个事件无法保存，数据库中将缺少这些事件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) are kept without their snapshot.</source>
        <translation>
            <numerusform>%n 个事件已保存，但不含抓拍照片。</numerusform>
        </translation>
    </message>
    <message>
        <source> — demo</source>
        <translation> — 演示</translation>
    </message>
    <message numerus="yes">
        <source>(%n alert(s)) </source>
        <translation>
            <numerusform>（%n 条告警）</numerusform>
        </translation>
    </message>
    <message>
        <source>RECORDING STOPPED — </source>
        <translation>记录已停止 — </translation>
    </message>
    <message numerus="yes">
        <source>%n unacknowledged alert(s)</source>
        <translation>
            <numerusform>%n 条未确认告警</numerusform>
        </translation>
    </message>
    <message>
        <source>No unacknowledged alerts</source>
        <translation>没有未确认告警</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n device(s) online</source>
        <translation>
            <numerusform>%1/%n 台设备在线</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new alert(s)</source>
        <translation>
            <numerusform>%n 条新告警</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>GateWatch alert</source>
        <translation>GateWatch 告警</translation>
    </message>
    <message>
        <source>The door cannot be opened from here: %1</source>
        <translation>无法在此处开门：%1</translation>
    </message>
    <message>
        <source>&amp;Open door…</source>
        <translation>开门(&amp;O)…</translation>
    </message>
    <message>
        <source>Acknowledge under the name</source>
        <translation>确认署名</translation>
    </message>
    <message>
        <source>The name stored with your acknowledgements (for example your own name on a shared station):</source>
        <translation>随确认操作一并保存的署名（例如在共用工作站上填写您本人的姓名）：</translation>
    </message>
    <message>
        <source>On duty: %1</source>
        <translation>值班：%1</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About GateWatch</source>
        <translation>关于 GateWatch(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation>系统语言(&amp;S)</translation>
    </message>
    <message>
        <source>the system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>GateWatch will be in %1 from its next start. Restart now?

Recording stops for the few seconds of the restart; nothing received is lost.</source>
        <translation>GateWatch 将在下次启动时使用%1。现在重新启动吗？

重新启动的几秒钟内记录会暂停；已接收的内容不会丢失。</translation>
    </message>
    <message>
        <source>&amp;Restart now</source>
        <translation>立即重新启动(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
</context>
<context>
    <name>MonitorSession</name>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
</context>
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
</context>
<context>
    <name>QWebSocketDataProcessor</name>
    <message>
        <source>Timeout when reading data from socket.</source>
        <translation>从套接字读取数据超时。</translation>
    </message>
</context>
<context>
    <name>RecognitionColumns</name>
    <message>
        <source>Stranger</source>
        <translation>陌生人</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation>接收于 %1</translation>
    </message>
    <message>
        <source>Fetched from the device&apos;s history</source>
        <translation>从设备的历史记录中获取</translation>
    </message>
    <message>
        <source>Serial number %1</source>
        <translation>序列号 %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>Alert: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <source>Snapshot unusable: %1</source>
        <translation>抓拍照片不可用：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户 ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>比对分数</translation>
    </message>
    <message>
        <source>Liveness</source>
        <translation>活体检测</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>口罩</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>通行结果</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
</context>
<context>
    <name>RecognitionModel</name>
    <message>
        <source>%1 (from history)</source>
        <extracomment>The time of an event fetched from the device&apos;s history after a disconnection</extracomment>
        <translation>%1（来自历史记录）</translation>
    </message>
</context>
<context>
    <name>RecognitionTable</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Recognition table</source>
        <translation>识别记录表</translation>
    </message>
    <message>
        <source>Show all columns</source>
        <translation>显示所有列</translation>
    </message>
</context>
<context>
    <name>RecordCommand</name>
    <message>
        <source>----</source>
        <translation>----</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>DENY</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>no enrolled user</source>
        <translation>无已注册人员</translation>
    </message>
    <message>
        <source>  snapshot %1×%2</source>
        <translation>  抓拍 %1×%2</translation>
    </message>
    <message>
        <source>  (from the device&apos;s history)</source>
        <translation>  （来自设备历史记录）</translation>
    </message>
    <message>
        <source>The database to record into (created if missing).</source>
        <translation>要记录到的数据库（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>Print each recorded event as one line on standard output.</source>
        <translation>将每条记录的事件以一行输出到标准输出。</translation>
    </message>
    <message>
        <source>--db PATH is required</source>
        <translation>必须指定 --db PATH</translation>
    </message>
    <message>
        <source>gatewatch record: updating the database %1 from schema %2 to %3 (once; on a large history this takes a few minutes)</source>
        <translation>gatewatch record: 正在将数据库 %1 的架构版本从 %2 升级到 %3（仅此一次；历史记录较多时需要几分钟）</translation>
    </message>
    <message>
        <source>rejected a frame: %1</source>
        <translation>已拒绝一个帧：%1</translation>
    </message>
    <message numerus="yes">
        <source>back-filling %n record(s) from the device&apos;s history</source>
        <translation>
            <numerusform>正在从设备历史记录中补录 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>no back-fill: %1</source>
        <translation>未补录：%1</translation>
    </message>
    <message>
        <source>database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>%1: recording from %2</source>
        <translation>%1：正在记录来自 %2 的数据</translation>
    </message>
    <message>
        <source>events recorded: %1</source>
        <translation>已记录事件：%1</translation>
    </message>
    <message>
        <source>, duplicates ignored: %1</source>
        <translation>，已忽略重复：%1</translation>
    </message>
    <message>
        <source>, received live from the terminals: %1</source>
        <translation>，从终端实时接收：%1</translation>
    </message>
    <message numerus="yes">
        <source>terminals held back while the database caught up: %n time(s), %1 s in all, %2 s at the longest</source>
        <translation>
            <numerusform>等待数据库处理积压时暂停接收终端数据：%n 次，共 %1 秒，最长 %2 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Record from the enabled devices of this device list file (JSON, as the window exports it: names, addresses, pins, logins, no passwords). Read again on SIGHUP.</source>
        <translation>从此设备列表文件中已启用的设备记录（JSON，与窗口导出的格式相同：名称、地址、固定证书、登录名，不含密码）。收到 SIGHUP 时重新读取。</translation>
    </message>
    <message>
        <source>The passwords of the --config devices that log in: a GateWatch credentials file (JSON, by device id) that only this user can read (chmod 600).</source>
        <translation>--config 中需要登录的设备的密码：一个仅当前用户可读的 GateWatch 凭据文件（JSON，按设备 ID 存放；chmod 600）。</translation>
    </message>
    <message>
        <source>at least one --device URL or a --config FILE is required</source>
        <translation>至少需要一个 --device URL 或一个 --config FILE</translation>
    </message>
    <message>
        <source>--credentials goes with --config</source>
        <translation>--credentials 需与 --config 一起使用</translation>
    </message>
    <message>
        <source>%1 names no enabled device, and no --device was given: there is nothing to record</source>
        <translation>%1 中没有已启用的设备，且未指定 --device：没有可记录的设备</translation>
    </message>
    <message>
        <source>SIGHUP: there is no --config file to read again; nothing changes</source>
        <translation>SIGHUP：没有可重新读取的 --config 文件；不做任何更改</translation>
    </message>
    <message numerus="yes">
        <source>cannot reload the device list: %1; still recording from the %n device(s) of the last good list</source>
        <translation>
            <numerusform>无法重新加载设备列表：%1；继续从上一个有效列表中的 %n 台设备记录</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; this device is left as it was</source>
        <translation>%1；此设备保持不变</translation>
    </message>
    <message>
        <source>reloaded %1: %2 added, %3 removed, %4 changed, %5 unchanged</source>
        <translation>已重新加载 %1：新增 %2 台，移除 %3 台，更改 %4 台，未变 %5 台</translation>
    </message>
    <message numerus="yes">
        <source>, %n left as it was (see above)</source>
        <translation>
            <numerusform>，%n 台保持不变（见上文）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n disabled</source>
        <translation>
            <numerusform>，%n 台已停用</numerusform>
        </translation>
    </message>
    <message>
        <source>recording from no device until the list names an enabled one</source>
        <translation>在列表中出现已启用的设备之前，不从任何设备记录</translation>
    </message>
    <message>
        <source>Connects to terminals and stores every recognition they push until interrupted (SIGINT or SIGTERM); everything received is committed before it exits.
The terminals come from --device options, from a device list file (--config: the JSON the window&apos;s Export... writes; disabled devices are left out), or both. SIGHUP reads the file again and applies what changed: new devices connect, removed ones disconnect, changed ones reconnect, the others are not touched; a file that cannot be used is reported and the devices already recording go on. --pin-sha256, --ca-cert, --user and --heartbeat are for the --device terminals: those of the file carry their own pins, login and heartbeat.
Messages go to standard error, one line each, without a time; under systemd with the journal as standard error each line carries its priority.</source>
        <translation>连接终端并存储它们推送的每条识别记录，直到被中断（SIGINT 或 SIGTERM）；退出前会提交已接收的全部内容。
终端来自 --device 选项、设备列表文件（--config：窗口“导出…”写出的 JSON；已停用的设备不包括在内），或两者兼有。SIGHUP 会重新读取该文件并应用变化：新设备连接，被移除的设备断开，已更改的设备重新连接，其他设备不受影响；无法使用的文件会被报告，已在记录的设备继续记录。--pin-sha256、--ca-cert、--user 和 --heartbeat 用于 --device 指定的终端：文件中的终端自带固定证书、登录信息和心跳设置。
消息写入标准错误输出，每条一行，不带时间；在 systemd 下以日志（journal）作为标准错误输出时，每行带有其优先级。</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <source>the history answer&apos;s data is not an object</source>
        <translation>历史记录应答中的 data 不是对象</translation>
    </message>
    <message>
        <source>the history answer&apos;s total is not a whole number of records</source>
        <translation>历史记录应答中的 total 不是表示记录数的整数</translation>
    </message>
    <message>
        <source>the history answer has no total</source>
        <translation>历史记录应答中没有 total</translation>
    </message>
    <message>
        <source>the history answer&apos;s items are not a list</source>
        <translation>历史记录应答中的 items 不是列表</translation>
    </message>
    <message>
        <source>the history answer&apos;s offset is not a whole number</source>
        <translation>历史记录应答中的 offset 不是整数</translation>
    </message>
    <message>
        <source>history record %1 is not an object</source>
        <translation>历史记录 %1 不是对象</translation>
    </message>
    <message>
        <source>history record %1: %2</source>
        <translation>历史记录 %1：%2</translation>
    </message>
</context>
<context>
    <name>Schema</name>
    <message>
        <source>%1 (in: %2)</source>
        <translation>%1（语句：%2）</translation>
    </message>
    <message>
        <source>The database has schema version %1, newer than this GateWatch understands (%2). Use a newer GateWatch.</source>
        <translation>数据库的架构版本为 %1，高于此版本 GateWatch 所支持的版本（%2）。请使用更新版本的 GateWatch。</translation>
    </message>
</context>
<context>
    <name>ServiceAnnouncer</name>
    <message>
        <source>No Avahi daemon is running; announcing as soon as one starts</source>
        <translation>没有正在运行的 Avahi 守护进程；一旦其启动即开始广播</translation>
    </message>
    <message>
        <source>The Avahi daemon went away; announcing again when it is back</source>
        <translation>Avahi 守护进程已退出；恢复后将重新广播</translation>
    </message>
    <message>
        <source>No free service name after %1 tries</source>
        <translation>尝试 %1 次后仍没有可用的服务名称</translation>
    </message>
</context>
<context>
    <name>SessionCredentialStore</name>
    <message>
        <source>this session only: passwords are forgotten when GateWatch exits</source>
        <translation>仅限本次会话：GateWatch 退出后将忘记密码</translation>
    </message>
</context>
<context>
    <name>SettingsFile</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>Cannot make %1 readable by its owner only.</source>
        <translation>无法将 %1 设置为仅所有者可读。</translation>
    </message>
</context>
<context>
    <name>SimulateCommand</name>
    <message numerus="yes">
        <source>%n subscriber(s)</source>
        <translation>
            <numerusform>%n 个订阅者</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subscriber(s) did not answer the close within %1 s</source>
        <translation>
            <numerusform>%n 个订阅者未在 %1 秒内响应关闭请求</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SiteDevice</name>
    <message>
        <source>the host is empty</source>
        <translation>主机为空</translation>
    </message>
    <message>
        <source>the host contains spaces</source>
        <translation>主机包含空格</translation>
    </message>
    <message>
        <source>the host is only the name or address, without &quot;%1&quot;</source>
        <translation>主机只需填写名称或地址，不要包含“%1”</translation>
    </message>
    <message>
        <source>the host is only the name or address, without a path</source>
        <translation>主机只需填写名称或地址，不要包含路径</translation>
    </message>
    <message>
        <source>the port goes in its own field, not after the host</source>
        <translation>端口应填写在单独的字段中，不要写在主机后面</translation>
    </message>
    <message>
        <source>the host contains &apos;%1&apos;, which no host name has</source>
        <translation>主机包含“%1”，主机名中不会有此字符</translation>
    </message>
    <message>
        <source>the host has an empty part between dots</source>
        <translation>主机中两个点之间有空的部分</translation>
    </message>
    <message>
        <source>the port is empty</source>
        <translation>端口为空</translation>
    </message>
    <message>
        <source>the port must be a number, not &apos;%1&apos;</source>
        <translation>端口必须是数字，而不是“%1”</translation>
    </message>
    <message>
        <source>the port must be from 1 to 65535, not %1</source>
        <translation>端口必须在 1 到 65535 之间，而不是 %1</translation>
    </message>
    <message>
        <source>the name is empty</source>
        <translation>名称为空</translation>
    </message>
    <message>
        <source>the path must begin with &apos;/&apos;</source>
        <translation>路径必须以“/”开头</translation>
    </message>
    <message>
        <source>the heartbeat must be from 1 to 3600 seconds, not %1</source>
        <translation>心跳间隔必须在 1 到 3600 秒之间，而不是 %1</translation>
    </message>
    <message>
        <source>a pinned fingerprint is not 32 bytes long</source>
        <translation>某个已固定的指纹长度不是 32 字节</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be text</source>
        <translation>&quot;%1&quot; 必须是文本</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>&quot;%1&quot; 必须是 true 或 false</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number</source>
        <translation>&quot;%1&quot; 必须是整数</translation>
    </message>
    <message>
        <source>&quot;pins&quot; must be a list of fingerprints</source>
        <translation>&quot;pins&quot; 必须是指纹列表</translation>
    </message>
    <message>
        <source>&quot;pins&quot;: %1</source>
        <translation>&quot;pins&quot; 字段：%1</translation>
    </message>
    <message>
        <source>not a device list: %1 at byte %2</source>
        <translation>不是设备列表：%1（位于第 %2 字节）</translation>
    </message>
    <message>
        <source>not a GateWatch device list (no &quot;format&quot;: &quot;%1&quot;)</source>
        <translation>不是 GateWatch 设备列表（缺少 &quot;format&quot;: &quot;%1&quot;）</translation>
    </message>
    <message>
        <source>device list version %1 is not one this GateWatch reads (1 to %2)</source>
        <translation>此版本 GateWatch 无法读取版本为 %1 的设备列表（支持 1 到 %2）</translation>
    </message>
    <message>
        <source>the device list has no &quot;devices&quot; list</source>
        <translation>设备列表中没有 &quot;devices&quot; 列表</translation>
    </message>
    <message>
        <source>not an object</source>
        <translation>不是对象</translation>
    </message>
    <message>
        <source>device %1: %2</source>
        <translation>设备 %1：%2</translation>
    </message>
    <message>
        <source>device %1 (%2): %3</source>
        <translation>设备 %1（%2）：%3</translation>
    </message>
</context>
<context>
    <name>SiteDeviceModel</name>
    <message>
        <source>Connected while checked</source>
        <translation>勾选时连接</translation>
    </message>
    <message>
        <source>Disabled: not connected</source>
        <translation>已禁用：不连接</translation>
    </message>
    <message numerus="yes">
        <source>%n pinned certificate(s)</source>
        <translation>
            <numerusform>%n 个已固定证书</numerusform>
        </translation>
    </message>
    <message>
        <source>Logs in as %1</source>
        <translation>以 %1 身份登录</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>Snapshot</name>
    <message>
        <source>&apos;=&apos; at offset %1 is followed by more data</source>
        <translation>偏移量 %1 处的“=”之后还有数据</translation>
    </message>
    <message>
        <source>whitespace (%1) at offset %2</source>
        <translation>偏移量 %2 处有空白字符（%1）</translation>
    </message>
    <message>
        <source>%1 at offset %2 belongs to the URL-safe alphabet, not the standard one</source>
        <translation>偏移量 %2 处的 %1 属于 URL 安全字符集，而非标准字符集</translation>
    </message>
    <message>
        <source>character %1 at offset %2 is not in the base64 alphabet</source>
        <translation>偏移量 %2 处的字符 %1 不在 base64 字符集中</translation>
    </message>
    <message>
        <source>%1 padding characters at the end (at most 2 are allowed)</source>
        <translation>末尾有 %1 个填充字符（最多允许 2 个）</translation>
    </message>
    <message>
        <source>length %1 is not a multiple of 4 (missing or extra padding)</source>
        <translation>长度 %1 不是 4 的倍数（缺少或多出填充字符）</translation>
    </message>
    <message>
        <source>a data URL without a &apos;,&apos; after its header</source>
        <translation>data URL 的头部之后没有“,”</translation>
    </message>
    <message>
        <source>a data URL that is not base64-encoded</source>
        <translation>data URL 不是 base64 编码</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>内容为空</translation>
    </message>
    <message>
        <source>the decoder refused it</source>
        <translation>解码器拒绝了该数据</translation>
    </message>
    <message>
        <source>snapshot is %1 bytes, more than the limit of %2 bytes</source>
        <translation>抓拍照片大小为 %1 字节，超过了 %2 字节的上限</translation>
    </message>
    <message>
        <source>snapshot is not a JPEG (it does not start with FF D8 FF)</source>
        <translation>抓拍照片不是 JPEG（开头不是 FF D8 FF）</translation>
    </message>
    <message>
        <source>snapshot is truncated (it does not end with the FF D9 end marker)</source>
        <translation>抓拍照片不完整（结尾没有 FF D9 结束标记）</translation>
    </message>
    <message>
        <source>snapshot is not a valid JPEG (no marker at offset %1)</source>
        <translation>抓拍照片不是有效的 JPEG（偏移量 %1 处没有标记）</translation>
    </message>
    <message>
        <source>snapshot is not a valid JPEG (stuffed byte outside image data)</source>
        <translation>抓拍照片不是有效的 JPEG（图像数据之外出现了字节填充）</translation>
    </message>
    <message>
        <source>snapshot is not a valid JPEG (no frame header)</source>
        <translation>抓拍照片不是有效的 JPEG（没有帧头）</translation>
    </message>
    <message>
        <source>snapshot is not a valid JPEG (segment length %1 at offset %2)</source>
        <translation>抓拍照片不是有效的 JPEG（偏移量 %2 处的段长度为 %1）</translation>
    </message>
    <message>
        <source>snapshot is not a valid JPEG (image data before the frame header)</source>
        <translation>抓拍照片不是有效的 JPEG（帧头之前出现了图像数据）</translation>
    </message>
    <message>
        <source>snapshot is not a valid JPEG (short frame header)</source>
        <translation>抓拍照片不是有效的 JPEG（帧头过短）</translation>
    </message>
    <message>
        <source>snapshot has no size in its frame header (%1×%2)</source>
        <translation>抓拍照片的帧头中没有尺寸（%1×%2）</translation>
    </message>
    <message>
        <source>snapshot claims %1×%2 pixels (limits: %3 a side, %4 in all)</source>
        <translation>抓拍照片声称为 %1×%2 像素（上限：每边 %3，总计 %4）</translation>
    </message>
    <message>
        <source>snapshot is truncated (its headers end before the frame header)</source>
        <translation>抓拍照片不完整（各头部在帧头之前就已结束）</translation>
    </message>
    <message>
        <source>snapshot could not be decoded: %1</source>
        <translation>抓拍照片无法解码：%1</translation>
    </message>
</context>
<context>
    <name>SnapshotFiles</name>
    <message>
        <source>%1: %2</source>
        <extracomment>%1: what could not be done with the snapshot files, %2: the system&apos;s reason</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cannot create the snapshot folder %1</source>
        <translation>无法创建抓拍照片文件夹 %1</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Cannot write to %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 bytes at %2 are missing from %3 (the file is shorter)</source>
        <extracomment>%1: bytes, %2: offset, %3: file</extracomment>
        <translation>%3 中缺少位于 %2 处的 %1 字节（文件较短）</translation>
    </message>
    <message>
        <source>Cannot tell whether %1 is still in use</source>
        <translation>无法判断 %1 是否仍在使用</translation>
    </message>
    <message>
        <source>Cannot delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
</context>
<context>
    <name>StoreThread</name>
    <message>
        <source>The store is already running.</source>
        <translation>存储线程已在运行。</translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>no certificate presented</source>
        <translation>未提供证书</translation>
    </message>
    <message>
        <source>SHA-256 %1; subject %2; issuer %3; valid %4 to %5</source>
        <translation>SHA-256 %1；主题 %2；颁发者 %3；有效期 %4 至 %5</translation>
    </message>
    <message>
        <source>TLS errors: %1</source>
        <translation>TLS 错误：%1</translation>
    </message>
    <message>
        <source>certificate does not match the pinned SHA-256 fingerprint (changed or replaced)</source>
        <translation>证书与已固定的 SHA-256 指纹不符（已更改或被替换）</translation>
    </message>
    <message>
        <source>if the device&apos;s certificate was renewed on purpose, pin the new fingerprint with --pin-sha256</source>
        <translation>如果设备证书是有意更新的，请使用 --pin-sha256 固定新指纹</translation>
    </message>
    <message>
        <source>certificate not trusted (self-signed)</source>
        <translation>证书不受信任（自签名）</translation>
    </message>
    <message>
        <source>certificate expired</source>
        <translation>证书已过期</translation>
    </message>
    <message>
        <source>certificate not yet valid</source>
        <translation>证书尚未生效</translation>
    </message>
    <message>
        <source>certificate issued for another host name</source>
        <translation>证书是为其他主机名签发的</translation>
    </message>
    <message>
        <source>certificate not trusted (unknown issuer)</source>
        <translation>证书不受信任（颁发者未知）</translation>
    </message>
    <message>
        <source>certificate not trusted</source>
        <translation>证书不受信任</translation>
    </message>
    <message>
        <source>pin it with --pin-sha256 (or give its CA with --ca-cert) to trust this device</source>
        <translation>请使用 --pin-sha256 固定该证书（或使用 --ca-cert 提供其 CA）以信任此设备</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Getting started</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <source>Welcome to GateWatch</source>
        <translation>欢迎使用 GateWatch</translation>
    </message>
    <message>
        <source>GateWatch shows every recognition of your face-recognition terminals the moment it happens, raises an alert for strangers, denials and failed liveness checks, and keeps the history for search and export. This station watches no terminal yet.</source>
        <translation>GateWatch 实时显示人脸识别终端的每一条识别记录，对陌生人、拒绝通行和活体检测失败发出告警，并保存历史记录以供搜索和导出。本工作站尚未监控任何终端。</translation>
    </message>
    <message>
        <source>Add a &amp;terminal…</source>
        <translation>添加终端(&amp;T)…</translation>
    </message>
    <message>
        <source>Enter its address and, if it asks for one, its login. GateWatch shows the terminal&apos;s certificate for you to check before it trusts it.</source>
        <translation>输入终端地址，如需登录再输入登录信息。GateWatch 会先显示终端的证书供您核对，然后才信任它。</translation>
    </message>
    <message>
        <source>Find terminals on this &amp;network…</source>
        <translation>查找本网络中的终端(&amp;N)…</translation>
    </message>
    <message>
        <source>Lists the terminals that announce themselves on the local network, to add with their address filled in.</source>
        <translation>列出在本地网络中广播自身的终端，添加时自动填入地址。</translation>
    </message>
    <message>
        <source>Try the de&amp;mo</source>
        <translation>试用演示(&amp;M)</translation>
    </message>
    <message>
        <source>Restarts GateWatch with six simulated terminals and a separate demo database, so you can see the dashboard at work first. Your own settings are kept.</source>
        <translation>以六台模拟终端和单独的演示数据库重新启动 GateWatch，让您先看看监控面板的实际效果。您自己的设置会保留。</translation>
    </message>
    <message>
        <source>To record on a server without a window, run &apos;gatewatch record --config FILE&apos; with the device list this window exports (see &apos;gatewatch record --help&apos;).</source>
        <translation>如需在服务器上无窗口地记录，请使用本窗口导出的设备列表运行 &apos;gatewatch record --config FILE&apos;（参见 &apos;gatewatch record --help&apos;）。</translation>
    </message>
</context>
<context>
    <name>WriteProblem</name>
    <message>
        <source>the disk holding %1 is full</source>
        <translation>%1 所在的磁盘已满</translation>
    </message>
    <message>
        <source>the file system holding %1 is read-only (mounted read-only, or switched to read-only after disk errors)</source>
        <translation>%1 所在的文件系统为只读（以只读方式挂载，或因磁盘错误已切换为只读）</translation>
    </message>
    <message>
        <source>this account is not allowed to write %1 or its folder</source>
        <translation>此账户无权写入 %1 或其所在文件夹</translation>
    </message>
    <message>
        <source>%1 can only be read, not written</source>
        <translation>%1 只能读取，无法写入</translation>
    </message>
    <message>
        <source>another program keeps %1 locked</source>
        <translation>另一个程序锁定了 %1</translation>
    </message>
    <message>
        <source>the folder of %1 does not exist</source>
        <translation>%1 所在的文件夹不存在</translation>
    </message>
    <message>
        <source>the disk holding %1 reports an input/output error</source>
        <translation>%1 所在的磁盘报告输入/输出错误</translation>
    </message>
    <message>
        <source>%1 cannot be written</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>The reason a database cannot be written, then the database driver&apos;s own words.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>free space on that disk</source>
        <translation>释放该磁盘上的空间</translation>
    </message>
    <message>
        <source>make the file system writable again (check the disk, then remount it read-write)</source>
        <translation>使文件系统恢复可写（检查磁盘，然后以读写方式重新挂载）</translation>
    </message>
    <message>
        <source>give this account write permission on the file and its folder</source>
        <translation>为此账户授予该文件及其所在文件夹的写入权限</translation>
    </message>
    <message>
        <source>make the file writable</source>
        <translation>使该文件可写</translation>
    </message>
    <message>
        <source>close the other program that uses the database</source>
        <translation>关闭正在使用该数据库的其他程序</translation>
    </message>
    <message>
        <source>create the folder, or choose another database file</source>
        <translation>创建该文件夹，或选择其他数据库文件</translation>
    </message>
    <message>
        <source>check the disk</source>
        <translation>检查磁盘</translation>
    </message>
    <message>
        <source>correct the cause above</source>
        <translation>纠正上述原因</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Usage: %1 [options]            open the dashboard
       %1 &lt;command&gt; [options]  run a command without a window

GateWatch monitors face-recognition access terminals.

Commands:
  record     connect to terminals and store every recognition (headless)
  export     write stored recognitions to CSV, optionally with snapshots
  simulate   run simulated terminals on this machine

Run &apos;%1 &lt;command&gt; --help&apos; for the options of a command.

</source>
        <translation>用法：%1 [选项]            打开监控面板
      %1 &lt;command&gt; [选项]  不打开窗口，直接运行命令

GateWatch 用于监控人脸识别门禁终端。

命令：
  record     连接终端并存储每条识别记录（无界面）
  export     将已存储的识别记录写入 CSV，可选包含抓拍照片
  simulate   在本机运行模拟终端

运行 &apos;%1 &lt;command&gt; --help&apos; 查看某个命令的选项。

</translation>
    </message>
    <message>
        <source>gatewatch: the dashboard needs a display (DISPLAY or WAYLAND_DISPLAY is not set); the commands record, export and simulate run without one (see &apos;gatewatch --help&apos;)
</source>
        <translation>gatewatch: 监控面板需要图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）；record、export 和 simulate 命令无需图形显示即可运行（参见 &apos;gatewatch --help&apos;）
</translation>
    </message>
    <message>
        <source>%1: unknown command &apos;%2&apos;
</source>
        <translation>%1: 未知命令 &apos;%2&apos;
</translation>
    </message>
    <message>
        <source>Qt %1 (built against %2)</source>
        <translation>Qt %1（构建时版本 %2）</translation>
    </message>
</context>
</TS>
