#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npx bidwatch` works without a build step.
import { register } from 'tsx/esm/api';

register();
process.env.BIDWATCH_CLI = '1';
await import('../cli/main.ts');
