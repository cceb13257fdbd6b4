import { expect } from 'chai';
import { InputError } from '../../src/core/errors.ts';
import { formatHostPort, parseHostPort, unmapIpv4 } from '../../src/core/host-port.ts';

describe('host:port', () => {
  describe('parseHostPort', () => {
    it('reads HOST:PORT and [IPv6]:PORT, ports 1..65535, around blanks', () => {
      expect(parseHostPort('127.0.0.1:9100', '--target')).to.deep.equal({ host: '127.0.0.1', port: 9100 });
      expect(parseHostPort('boss.example:1', '--target')).to.deep.equal({ host: 'boss.example', port: 1 });
      expect(parseHostPort('localhost:65535', '--target')).to.deep.equal({ host: 'localhost', port: 65535 });
      expect(parseHostPort('[::1]:9100', '--target')).to.deep.equal({ host: '::1', port: 9100 });
      expect(parseHostPort('[2001:db8::7]:21', '--ftp')).to.deep.equal({ host: '2001:db8::7', port: 21 });
      expect(parseHostPort(' 127.0.0.1:9100 ', '--target')).to.deep.equal({ host: '127.0.0.1', port: 9100 });
    });

    it('takes a bare PORT and port 0 only where the caller allows them', () => {
      const listen = { defaultHost: '127.0.0.1', allowPortZero: true };
      expect(parseHostPort('9101', '--listen', listen)).to.deep.equal({ host: '127.0.0.1', port: 9101 });
      expect(parseHostPort('0', '--listen', listen)).to.deep.equal({ host: '127.0.0.1', port: 0 });
      expect(parseHostPort('0.0.0.0:0', '--listen', listen)).to.deep.equal({ host: '0.0.0.0', port: 0 });
      expect(parseHostPort('[::]:0', '--listen', listen)).to.deep.equal({ host: '::', port: 0 });
      expect(() => parseHostPort('9101', '--target')).to.throw(InputError, /^--target: "9101" is not HOST:PORT/);
      expect(() => parseHostPort('127.0.0.1:0', '--target')).to.throw(InputError, /port 1\.\.65535/);
      expect(() => parseHostPort('x', '--listen', listen)).to.throw(InputError, /^--listen: "x" is not \[HOST:\]PORT .*port 0\.\.65535/);
    });

    for (const bad of ['', 'host', ':9100', 'h:', 'h:70000', 'h:65536', 'h:-1', 'h:9100x', 'a b:1', '::1:9100', '[::1]', '[::1]9100', '[localhost]:9100', '[::1:9100', 'h:1:2']) {
      it(`refuses "${bad}" with an InputError naming the option`, () => {
        expect(() => parseHostPort(bad, '--target')).to.throw(InputError, /^--target: /);
      });
    }
  });

  describe('formatHostPort', () => {
    it('writes IPv6 in brackets and an IPv4-mapped IPv6 address as IPv4, so parseHostPort reads it back', () => {
      const cases: [string, number, string][] = [
        ['10.0.0.1', 5, '10.0.0.1:5'],
        ['boss.example', 9100, 'boss.example:9100'],
        ['::1', 4000, '[::1]:4000'],
        ['::ffff:127.0.0.1', 5, '127.0.0.1:5'],
        ['::FFFF:10.1.2.3', 5, '10.1.2.3:5'],
        ['::ffff:1', 5, '[::ffff:1]:5'],
      ];
      for (const [host, port, text] of cases) {
        expect(formatHostPort(host, port), host).to.equal(text);
        expect(parseHostPort(text, '--target'), text).to.deep.equal({ host: unmapIpv4(host), port });
      }
    });
  });
});
