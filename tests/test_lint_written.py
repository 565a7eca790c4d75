"""Server configuration a shell script writes (loopback/lint/_written.py, _command_files.py).

Each case is written the way provisioning scripts write them (``sed -i`` over a packaged
configuration, ``echo ... >>``, ``tee``, here-documents), following GNU sed's manual for
its scripts and each server's documentation for what the written line binds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loopback.lint import lint_path
from loopback.lint._command_files import read_script

ALL = "all_interfaces"
LOOP = "loopback"
SPECIFIC = "specific_address"

Row = tuple[int, str, str, str]


def script(tmp_path: Path, text: str, name: str = "provision.sh") -> list[Row]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(f.line or 0, f.dotted_path, str(f.value), f.verdict.exposure) for f in lint_path(path)]


SED_CASES: list[tuple[str, list[Row]]] = [
    # s with any delimiter: its replacement is what the file gets
    ("sed -i 's/bind 127.0.0.1/bind 0.0.0.0/' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    ("sudo sed -i -e 's|bind_ip = 127.0.0.1|bind_ip = 0.0.0.0|g' /etc/mongodb.conf",
     [(1, "/etc/mongodb.conf..bind_ip", "0.0.0.0", ALL)]),
    ("sed -i.bak \"s/^#listen_addresses = .*/listen_addresses = '*'/\" postgresql.conf",
     [(1, "postgresql.conf.listen_addresses", "*", ALL)]),
    ("sed --in-place --expression='s/bindIp: .*/bindIp: 127.0.0.1/' /etc/mongod.conf",
     [(1, "/etc/mongod.conf.bindIp", "127.0.0.1", LOOP)]),
    ("sed -ri 's/^(bind-address\\s*=).*/\\1 0.0.0.0/' /etc/mysql/my.cnf",
     [(1, "/etc/mysql/my.cnf..bind-address", "0.0.0.0", ALL)]),
    ("sed -i 's,\\(^[[:blank:]]*bindIp:\\) .*,\\1 0.0.0.0,' /etc/mongod.conf",
     [(1, "/etc/mongod.conf.bindIp", "0.0.0.0", ALL)]),
    ("sed -i -E 's/127\\.0\\.0\\.1/& 10.0.0.5/; s/^port .*/port 6380/' redis.conf",
     []),  # no key is written whole: nothing to say
    ("sed -i 's/^bind .*/bind 192.0.2.9\\n# was local/w changes.txt' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "192.0.2.9", SPECIFIC)]),
    ("sed -i 's/^\\(bind\\) .*/\\2 0.0.0.0/' /etc/redis/redis.conf", []),  # no group 2
    ("sed -Ee 's/^(bind) .*/\\1 0.0.0.0/' -i /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    ("sed --regexp-extended -i 's/^(bind) .*/\\1 ::1/' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "::1", LOOP)]),
    ("sed -i 's/a\\/b/bind 0.0.0.0/' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    # perl -pi -e edits in place too: its s/// (groups as $1), nothing else
    ("sudo perl -pi -e \"s/#listen_addresses = .*/listen_addresses = '*'/\" /pg/postgresql.conf",
     [(1, "/pg/postgresql.conf.listen_addresses", "*", ALL)]),
    ("perl -i.bak -pe 's/^(bind) .*/$1 0.0.0.0/; a bind ::1' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    # a, i and c write their text; addresses and other commands are passed over
    ("sed -i '/\\[mysqld\\]/a bind-address = 0.0.0.0' /etc/mysql/my.cnf",
     [(1, "/etc/mysql/my.cnf..bind-address", "0.0.0.0", ALL)]),
    ("sed -i '$ a\\bind 0.0.0.0' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    ("sed -i '1,/^#/!d;\\%^bind%c bind 0.0.0.0' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    ("sed -i '/^protected-mode/d; 3p' /etc/redis/redis.conf", []),
    # a bind setting deleted or commented out leaves the server's default
    ("sed -i '/^bind-address/ d' /etc/mysql/my.cnf",
     [(1, "/etc/mysql/my.cnf..bind-address", "*", ALL)]),
    ("sed -i 's/^bind 127.0.0.1/# bind 127.0.0.1/' /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "* -::*", ALL)]),
    ("sed -i '/^port/d; /^bind/,/^#/d' /etc/redis/redis.conf", []),  # a range: not one line
    ("sed -i 's/^listen_addresses/#listen_addresses/' postgresql.conf", []),  # its default
    # no -i: sed prints, the file is not written; -f: a script file not known here
    ("sed 's/bind 127.0.0.1/bind 0.0.0.0/' /etc/redis/redis.conf", []),
    ("sed -i -f edits.sed /etc/redis/redis.conf", []),
    ("sed -i 's/bind 127.0.0.1/bind 0.0.0.0/'", []),
    # variables assigned before the command are put in; others leave nothing to say
    ("IP=192.0.2.7\nNEW=\"bind $IP\"\nsed -i \"s/^bind .*/$NEW/\" /etc/redis/redis.conf",
     [(3, "/etc/redis/redis.conf.bind", "192.0.2.7", SPECIFIC)]),
    ("sed -i \"s/^bind .*/bind ${ADDR:-0.0.0.0}/\" /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    ("sed -i \"s/^bind .*/bind $ADDR/\" /etc/redis/redis.conf", []),
    # a file lint does not read, and one whose text is not valid as its kind
    ("sed -i 's/listen 127.0.0.1/listen 0.0.0.0/' /etc/app/settings.txt", []),
    ("sed -i 's/\"host\": .*/\"host\": \"0.0.0.0\",/' config.json", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SED_CASES)
def test_sed_in_place_writes_its_replacement(
    tmp_path: Path, text: str, expected: list[Row]
) -> None:
    assert script(tmp_path, text + "\n") == expected


PRINT_CASES: list[tuple[str, list[Row]]] = [
    ("echo \"bind-address = 0.0.0.0\" >> /etc/mysql/conf.d/remote.cnf",
     [(1, "/etc/mysql/conf.d/remote.cnf..bind-address", "0.0.0.0", ALL)]),
    ("echo -e \"[mysqld]\\nbind-address=192.0.2.3\" > /etc/mysql/my.cnf",
     [(1, "/etc/mysql/my.cnf.mysqld.bind-address", "192.0.2.3", SPECIFIC)]),
    ("echo \"listen_addresses='*'\" | sudo -u postgres tee -a /etc/postgresql.conf",
     [(1, "/etc/postgresql.conf.listen_addresses", "*", ALL)]),
    ("echo 'bind 0.0.0.0' | \\\n  tee /etc/redis/redis.conf > /dev/null",
     [(1, "/etc/redis/redis.conf.bind", "0.0.0.0", ALL)]),
    ("printf '%s\\n' 'bind 127.0.0.1' >> /etc/redis/redis.conf",
     [(1, "/etc/redis/redis.conf.bind", "127.0.0.1", LOOP)]),
    # printed nowhere, piped to something else, or nothing printed
    ("echo 'bind 0.0.0.0'", []),
    ("echo 'bind 0.0.0.0' | grep bind", []),
    ("echo 'bind 0.0.0.0' || tee /etc/redis/redis.conf", []),
    ("echo -n > /etc/redis/redis.conf", []),
    ("printf > /etc/redis/redis.conf", []),
    ("echo 'bind 0.0.0.0' | sudo", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), PRINT_CASES)
def test_what_echo_and_printf_write(tmp_path: Path, text: str, expected: list[Row]) -> None:
    assert script(tmp_path, text + "\n") == expected


def test_a_here_document_is_read_as_the_file_it_writes(tmp_path: Path) -> None:
    text = (
        "#!/bin/sh\n"
        "cat << EOF >> /etc/mysql/my.cnf\n"
        "[mysqld]\n"
        "bind-address = 0.0.0.0\n"
        "port = $DB_PORT\n"
        "EOF\n"
        "sudo tee /etc/mongodb.conf >/dev/null <<'CONF'\n"
        "bind_ip = 127.0.0.1\n"  # MongoDB before 2.6: key = value lines
        "CONF\n"
        "cat > /etc/redis/redis.conf <<EOF\n"
        "bind $REDIS_ADDRESS\n"  # set where the script runs
        "EOF\n"
        "cat > notes.md <<EOF\nbind 0.0.0.0\nEOF\n"
        "cat <<EOF | grep -q bind\nbind 0.0.0.0\nEOF\n"  # written to no file
        "cat > compose.yaml <<EOF\nservices: [\nEOF\n"  # not valid YAML: nothing to say
    )
    assert script(tmp_path, text) == [
        (4, "/etc/mysql/my.cnf.mysqld.bind-address", "0.0.0.0", ALL),
        (8, "/etc/mongodb.conf..bind_ip", "127.0.0.1", LOOP),
    ]


def test_a_containers_entrypoint_writes_the_containers_configuration(tmp_path: Path) -> None:
    text = "sed -i 's/^bind .*/bind 0.0.0.0/' /etc/redis/redis.conf\nexec redis-server\n"
    assert script(tmp_path, text, name="docker-entrypoint.sh") == []
    # read without a way to read the files it writes, a script says nothing of them
    assert read_script("provision.sh", text) == []
