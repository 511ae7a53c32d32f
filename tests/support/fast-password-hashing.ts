import { setPasswordHashCostForTests } from '../../main/services/passwords';

// Every test file: real scrypt at N = 2^10 (~4 ms a hash instead of ~150 ms). accounts.test.ts restores the shipped cost to prove it.
setPasswordHashCostForTests(2 ** 10);
