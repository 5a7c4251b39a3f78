import { describe, expect, it } from 'vitest';
import { statusIcon, statusName, statusPhrase } from '../../../src/domain/tracking/status-text.js';

describe('status text', () => {
  it('gives every known OOS status one icon and one word', () => {
    const waiting = [statusIcon('Waiting'), statusPhrase('Waiting', 'en'), statusPhrase('Waiting', 'zh')];
    const success = [statusIcon('Success'), statusPhrase('Success', 'en'), statusPhrase('Success', 'zh')];

    expect(waiting).toEqual(['⏸️', 'waiting for confirmation', '等待确认']);
    expect(success).toEqual(['✅', 'succeeded', '成功']);
  });

  it('names a status as OOS does in English and translates it in Chinese', () => {
    const names = [statusName('Running', 'en'), statusName('Running', 'zh'), statusName('Queued', 'zh')];

    expect(names).toEqual(['Running', '运行中', '排队中']);
  });

  it('keeps a status it does not know as it is, without an icon', () => {
    const texts = [statusIcon('Paused'), statusPhrase('Paused', 'zh'), statusName('Paused', 'zh')];

    expect(texts).toEqual([undefined, 'Paused', 'Paused']);
  });
});
