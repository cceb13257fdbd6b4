#!/bin/sh
# Makes the capture fixtures in this directory on Linux loopback (run as root). See README.md.
set -eu
cd "$(dirname "$0")"
PORT=19100
capture() { # name, address, capture command...
  name=$1; addr=$2; shift 2
  node peers.mjs server "$addr" $PORT & server=$!
  sleep 0.5
  "$@" & cap=$!
  sleep 2
  node peers.mjs client "$addr" $PORT
  sleep 1
  kill -INT $cap; wait $cap || true
  kill $server; wait $server 2>/dev/null || true
  echo "made $name"
}
capture lo-tcpdump.pcap 127.0.0.1 tcpdump -i lo -w lo-tcpdump.pcap -U --immediate-mode "tcp port $PORT"
capture lo-tcpdump-nano.pcap 127.0.0.1 tcpdump -i lo -w lo-tcpdump-nano.pcap -U --immediate-mode --time-stamp-precision=nano "tcp port $PORT"
capture lo-dumpcap.pcapng 127.0.0.1 dumpcap -q -i lo -f "tcp port $PORT" -w lo-dumpcap.pcapng
capture lo-ipv6-tshark.pcapng ::1 tshark -q -i lo -f "tcp port $PORT" -F pcapng -w lo-ipv6-tshark.pcapng
capture any-sll2-tcpdump.pcap 127.0.0.1 tcpdump -i any -w any-sll2-tcpdump.pcap -U --immediate-mode "tcp port $PORT"
capture any-sll-tcpdump.pcap 127.0.0.1 tcpdump -i any -y LINUX_SLL -w any-sll-tcpdump.pcap -U --immediate-mode "tcp port $PORT"
editcap -F pcap lo-dumpcap.pcapng lo-dumpcap-editcap.pcap
echo "made lo-dumpcap-editcap.pcap"
