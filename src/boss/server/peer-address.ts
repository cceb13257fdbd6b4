/**
 * The peer's IP as the allow-list knows it: an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a
 * dual-stack socket reports) reduced to dotted IPv4. [bank-interface §1 allow-list]
 */
export function reducePeerAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}
