#!/usr/bin/env node
// Entry point: loads the TypeScript CLI in-process through tsx's require hook, so no build step stands
// between a clone and a run, and signals (SIGTERM drain) reach the CLI directly.
require('tsx/cjs');
require('../cli/main.ts');
