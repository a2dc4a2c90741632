import { describe, expect, it } from 'vitest';
import { landingPath, screenAtSignIn } from './landing';

const headers = (h: Record<string, string>) => new Headers(h);
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

describe('landing after sign-in', () => {
  it('sends a consultant on a narrow screen to Today, everyone else to the dashboard', () => {
    expect(landingPath('consultant', 'narrow')).toBe('/today');
    expect(landingPath('consultant', 'wide')).toBe('/dashboard');
    expect(landingPath('owner', 'narrow')).toBe('/dashboard');
    expect(landingPath('staff', 'narrow')).toBe('/dashboard');
  });

  it('believes the width the browser measured over any header', () => {
    expect(screenAtSignIn('narrow', headers({ 'user-agent': DESKTOP }))).toBe('narrow');
    expect(screenAtSignIn('wide', headers({ 'user-agent': IPHONE, 'sec-ch-ua-mobile': '?1' }))).toBe('wide');
  });

  it('without a measured width, reads the mobile hint, then "Mobi" in the user agent', () => {
    expect(screenAtSignIn(undefined, headers({ 'sec-ch-ua-mobile': '?1', 'user-agent': DESKTOP }))).toBe('narrow');
    expect(screenAtSignIn(undefined, headers({ 'sec-ch-ua-mobile': '?0', 'user-agent': ANDROID }))).toBe('wide');
    expect(screenAtSignIn(undefined, headers({ 'user-agent': IPHONE }))).toBe('narrow');
    expect(screenAtSignIn(undefined, headers({ 'user-agent': ANDROID }))).toBe('narrow');
    expect(screenAtSignIn(undefined, headers({ 'user-agent': DESKTOP }))).toBe('wide');
    expect(screenAtSignIn('garbage', headers({}))).toBe('wide');
  });
});
