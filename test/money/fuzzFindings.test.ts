/**
 * Defects the public-API fuzzer (test/fuzz, issue 12) found in crmkit/money, each pinned as the fixed
 * call that showed it.
 */
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { money, moneyToJSON, roundMoney, sumMoney } from '../../src/money/index.js';
import { refused } from '../_refused.js';

describe('fuzz findings in crmkit/money', () => {
  it('moneyToJSON copied a currency of -Infinity into its result', () => {
    refused(() => moneyToJSON({ amount: '1.00', currency: -Infinity } as never));
  });

  it('roundMoney with a rounding mode whose toString throws', () => {
    const mode = {
      toString() {
        throw new Error('toString');
      },
    };
    refused(() => roundMoney(money('2.345', 'USD'), mode as never));
  });

  it('sumMoney of something that is not iterable, or whose first item throws when read', () => {
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    refused(() => sumMoney(getter as never, 'USD'));
    const first = Object.defineProperty([money('1', 'USD')], 0, {
      get() {
        throw new Error('getter 0');
      },
    });
    refused(() => sumMoney(first, 'USD'));
  });
});
