// The rule kinds, in report order: adding a kind is adding an evaluator here.

import { baselineGrowth } from './baseline-growth.js';
import { budgets } from './budgets.js';
import type { Evaluator } from './context.js';
import { expectations } from './expectations.js';
import { forbidden } from './forbidden.js';
import { hosts } from './hosts.js';
import { inputSize } from './input-size.js';
import { outcomes } from './outcomes.js';

export const EVALUATORS: readonly Evaluator[] = [inputSize, expectations, outcomes, budgets, forbidden, baselineGrowth, hosts];
