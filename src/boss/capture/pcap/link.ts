/** What a link-layer header carried: an IP packet, or something replay has no use for. */
export type LinkResult = { readonly ip: Uint8Array } | { readonly skip: string };

/** LINKTYPE_ values read here. [tcpdump.org/linktypes.html] */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
/** BSD loopback address families: AF_INET is 2 everywhere, AF_INET6 is 24, 28 or 30 by OS. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

/** Strips the link-layer header of a packet of this link type. */
export function linkPayload(linkType: number, data: Uint8Array): LinkResult {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return ethernet(data);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return bsdLoopback(data, linkType === LINKTYPE.LOOP);
    case LINKTYPE.RAW:
    case 12:
    case 14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return { ip: data };
    case LINKTYPE.LINUX_SLL:
      // 16-byte header, protocol type in its last two bytes
      return data.length < 16 ? { skip: 'truncated Linux cooked header' } : untagged(data, u16(data, 14), 16);
    case LINKTYPE.LINUX_SLL2:
      // 20-byte header, protocol type in its first two bytes
      return data.length < 20 ? { skip: 'truncated Linux cooked v2 header' } : untagged(data, u16(data, 0), 20);
    default:
      return { skip: `link type ${linkType} is not supported` };
  }
}

function ethernet(data: Uint8Array): LinkResult {
  if (data.length < 14) return { skip: 'truncated Ethernet header' };
  return untagged(data, u16(data, 12), 14);
}

/**
 * Walks over 802.1Q/802.1ad tags: `type` is the EtherType read just before `payload`; while it names
 * a tag, the tag's 4 bytes (TCI, then the next EtherType) start the payload. Ethernet and Linux cooked
 * headers alike: libpcap re-inserts the tag after the SLL/SLL2 header for `-i any` on a VLAN device.
 */
function untagged(data: Uint8Array, type: number, payload: number): LinkResult {
  let next = type;
  let at = payload;
  while (VLAN_TAGS.has(next)) {
    if (data.length < at + 4) return { skip: 'truncated VLAN tag' };
    next = u16(data, at + 2);
    at += 4;
  }
  return byEtherType(next, data.subarray(at));
}

function bsdLoopback(data: Uint8Array, bigEndianOnly: boolean): LinkResult {
  if (data.length < 4) return { skip: 'truncated loopback header' };
  const view = new DataView(data.buffer, data.byteOffset, 4);
  // the family is in the capturing host's byte order (LINKTYPE_NULL) or big-endian (LINKTYPE_LOOP)
  const le = view.getUint32(0, true);
  const family = bigEndianOnly || le > 0xffff ? view.getUint32(0, false) : le;
  if (family === AF_INET) return { ip: data.subarray(4) };
  if (AF_INET6.has(family)) return { ip: data.subarray(4) };
  return { skip: `loopback address family ${family}` };
}

function byEtherType(type: number, payload: Uint8Array): LinkResult {
  if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return { ip: payload };
  return { skip: `EtherType 0x${type.toString(16).padStart(4, '0')}` };
}

function u16(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
}
