#!/bin/sh
# Installs what the real-network lab (test/lab) needs, on Debian or Ubuntu, as root. The lab runs this
# itself when a tool is missing; CI and people may run it beforehand.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq vsftpd iptables iproute2 curl openssl >/dev/null
