"""Names the listener tools print where numbers belong, and the words of localized output.

Without their numeric options (``ss`` and ``netstat`` without ``-n``, ``lsof`` without
``-n -P``) the tools print a port as its service name from the system's services file
(``*:http``, ``localhost:ipp``, macOS ``*.afs3-fileserver``) and a loopback address as
its name in the hosts file (``localhost``, ``ip6-localhost``). :data:`SERVICES` holds the
IANA service names (the "Service Name and Transport Protocol Port Number Registry", which
Debian's ``netbase``, macOS's ``/etc/services`` and Windows' ``drivers\\etc\\services``
copy) of ports a developer's machine listens on; :data:`LOOPBACK_NAMES` the names the
stock hosts files of Debian, Fedora, macOS and Windows give the loopback addresses.
Any other name cannot be read back without asking the machine that printed it.

Windows ``netstat`` writes its header and state words in the display language, in the
console's OEM code page when redirected from ``cmd.exe`` (850 in Western Europe, 852 in
Central Europe, 866 in Russia, 932 in Japan...). :data:`LOCALIZED_WORDS` are words of that
output which are not ASCII, by which :func:`guess_code_page` recognises the code page of
saved bytes that are not UTF-8.
"""

from __future__ import annotations

__all__ = ["BOUND_WORDS", "LOCALIZED_WORDS", "LOOPBACK_NAMES", "SERVICES", "guess_code_page"]

# name port (the TCP and UDP port of a name are the same number; 0: a name of several
# ports, as http-alt is of 8008 and 8080 in IANA's registry and macOS's services file)
_SERVICE_TABLE = """
ftp 21 ssh 22 telnet 23 smtp 25 domain 53 bootps 67 bootpc 68 tftp 69 http 80 www 80
www-http 80 kerberos 88 kerberos-sec 88 pop3 110 sunrpc 111 rpcbind 111 auth 113 ntp 123
epmap 135 loc-srv 135 netbios-ns 137 netbios-dgm 138 netbios-ssn 139 imap 143 imap2 143
snmp 161 ldap 389 https 443 microsoft-ds 445 kpasswd 464 isakmp 500 syslog 514 printer 515
rtsp 554 dhcpv6-client 546 dhcpv6-server 547 submission 587 ipp 631 ldaps 636
afpovertcp 548 rsync 873 imaps 993 pop3s 995 socks 1080 openvpn 1194 ms-sql-s 1433
ms-sql-m 1434 pptp 1723 radius 1812 ssdp 1900 nfs 2049 docker 2375 docker-s 2376
icslap 2869 mysql 3306 ms-wbt-server 3389 netassistant 3283 ws-discovery 3702 epmd 4369
ipsec-msft 4500 nat-t-ike 4500 commplex-main 5000 commplex-link 5001 sip 5060 mdns 5353
llmnr 5355 wsdapi 5357 postgresql 5432 amqps 5671 amqp 5672 rfb 5900 couchdb 5984 x11 6000
redis 6379 sun-sr-https 6443 ircd 6667 afs3-fileserver 7000 afs3-callback 7001 bbs 7000
irdmi 8000 vcom-tunnel 8001 http-alt 0 webcache 8080 hbci 3000 remoteware-cl 3000
terabase 4000 sunproxyadmin 8081 tproxy 8081
pcsync-https 8443 ddi-tcp-1 8888 cslistener 9000 websm 9090 wap-wsp 9200 git 9418
memcache 11211 mongodb 27017
"""
#: Service name -> port (0: several), for the names tools print without numeric options.
SERVICES: dict[str, int] = {
    name: int(port) for name, port in zip(*[iter(_SERVICE_TABLE.split())] * 2)
}

#: Host name -> the loopback address of each family it names (4, 6).
LOOPBACK_NAMES: dict[str, tuple[str | None, str | None]] = {
    "localhost": ("127.0.0.1", "::1"),
    "localhost.localdomain": ("127.0.0.1", "::1"),  # Fedora, RHEL
    "localhost4": ("127.0.0.1", None),
    "localhost4.localdomain4": ("127.0.0.1", None),
    "localhost6": (None, "::1"),
    "localhost6.localdomain6": (None, "::1"),
    "ip6-localhost": (None, "::1"),  # Debian, Ubuntu
    "ip6-loopback": (None, "::1"),
}

#: Windows ``netstat -q`` states of bound, non-listening TCP sockets (their foreign
#: address is ``0.0.0.0:0`` like a listener's).
BOUND_WORDS = frozenset(("BOUND", "GEBUNDEN"))

#: Non-ASCII words of Windows ``netstat`` output (headers, states) in display languages,
#: with the code pages its redirected output comes in.
LOCALIZED_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ABHÖREN", ("cp850", "cp1252")),  # German: LISTENING
    ("ÉCOUTE", ("cp850", "cp1252")),  # French: LISTENING
    ("État", ("cp850", "cp1252")),  # French: State
    ("Dirección", ("cp850", "cp1252")),  # Spanish: address
    ("Endereço", ("cp850", "cp860", "cp1252")),  # Portuguese: address
    ("Conexões", ("cp850", "cp860", "cp1252")),  # Portuguese: connections
    ("NASŁUCHIWANIE", ("cp852", "cp1250")),  # Polish: LISTENING
    ("połączenia", ("cp852", "cp1250")),  # Polish: connections
    ("NASLOUCHÁNÍ", ("cp852", "cp1250")),  # Czech: LISTENING
    ("ПРОСЛУШИВАНИЕ", ("cp866", "cp1251")),  # Russian: LISTENING
    ("Локальный", ("cp866", "cp1251")),  # Russian: local
    ("подключения", ("cp866", "cp1251")),  # Russian: connections
    ("ローカル", ("cp932",)),  # Japanese: local
    ("本地地址", ("cp936",)),  # Chinese (simplified): local address
    ("监听", ("cp936",)),  # Chinese (simplified): LISTENING
    ("本機位址", ("cp950",)),  # Chinese (traditional): local address
    ("로컬 주소", ("cp949",)),  # Korean: local address
)

_CODE_PAGES = tuple(dict.fromkeys(page for _, pages in LOCALIZED_WORDS for page in pages))
_PROBE = 4096  # bytes: the header and first rows


def guess_code_page(data: bytes) -> str | None:
    """The code page whose decoding of ``data`` shows a known localized word, else ``None``."""
    head = data[:_PROBE]
    for page in _CODE_PAGES:
        text = head.decode(page, "ignore")
        if any(word in text for word, pages in LOCALIZED_WORDS if page in pages):
            return page
    return None
