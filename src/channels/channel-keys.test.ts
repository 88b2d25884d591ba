import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../util/secret-box.ts';
import { maskSecret, openChannelKey, sealChannelKeys } from './channel-keys.ts';

describe('channel keys', () => {
  it('masks a key to its prefix and last four characters', () => {
    expect(maskSecret('sk-abcdefghijklmnopa1b2')).toBe('sk-…a1b2');
    expect(maskSecret('0123456789abcdefWXYZ')).toBe('…WXYZ');
    expect(maskSecret('short')).toBe('…');
  });

  it('seals each key bound to its record: it opens there and nowhere else', () => {
    const box = createSecretBox([randomBytes(32)]);
    const [first, second] = sealChannelKeys(box, 'ch_1', ['sk-first-0123456789', 'sk-second-0123456789']);
    expect(first!.sealed).not.toContain('sk-first');
    expect(openChannelKey(box, first!)).toBe('sk-first-0123456789');
    expect(second!.position).toBe(1);
    expect(() => openChannelKey(box, { ...second!, sealed: first!.sealed })).toThrow(/another record/);
    expect(() => openChannelKey(box, { ...first!, channelId: 'ch_2' })).toThrow(/another record/);
  });
});
