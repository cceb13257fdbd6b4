import { defaultProfile } from '../../src/boss/profile/load.ts';
import { fileRoundTrips, messageRoundTrips } from './round-trip.ts';

describe('boss-bank/1 codec round-trip properties', () => {
  describe('messages [bank-interface §3, §4]', () => messageRoundTrips(defaultProfile()));
  describe('daily files [bank-interface §7]', () => fileRoundTrips(defaultProfile()));
});
