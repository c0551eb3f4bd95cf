"""The nginx server block of docs/operations.md is valid nginx and keeps the portal's limits.

`nginx -t` runs on a scratch configuration that includes the block, with a throwaway
certificate in place of the real ones; skipped where nginx (or openssl) is not installed.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
OPERATIONS = ROOT / "docs" / "operations.md"


def nginx_block() -> str:
    blocks = re.findall(r"```nginx\n(.*?)```", OPERATIONS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "docs/operations.md should hold exactly one ```nginx block"
    return blocks[0]


def test_the_block_overwrites_x_forwarded_for_and_keeps_the_body_limit_above_the_portals():
    block = nginx_block()
    forwarded = re.findall(r"proxy_set_header\s+X-Forwarded-For\s+(\S+);", block)
    assert forwarded and set(forwarded) == {"$remote_addr"}  # never $proxy_add_x_forwarded_for
    size = re.search(r"client_max_body_size\s+(\d+)m;", block)
    assert size and int(size.group(1)) * 1024 * 1024 >= settings.REQUEST_MAX_BYTES
    read_timeout = int(re.search(r"proxy_read_timeout\s+(\d+)s;", block).group(1))
    assert read_timeout > 60  # above gunicorn.conf.py's default GUNICORN_TIMEOUT


NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


@pytest.mark.skipif(NGINX is None, reason="nginx not installed")
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_nginx_accepts_the_block(tmp_path):
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=portal.example.ir", "-days", "1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    block = nginx_block()
    block = block.replace("/etc/ssl/reform-portal/fullchain.pem", str(certificate))
    block = block.replace("/etc/ssl/reform-portal/privkey.pem", str(key))
    (tmp_path / "reform-portal.conf").write_text(block, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        "error_log stderr;\n"
        "events {}\n"
        "http {\n"
        "    access_log off;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/reform-portal.conf;\n"
        "}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
