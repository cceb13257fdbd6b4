/**
 * True for a target on the IPv4 loopback network, where the suite can connect from another
 * loopback address (127.0.0.2) to test the allow-list: Linux lets a client bind any 127.x.y.z.
 */
export function isIpv4Loopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
