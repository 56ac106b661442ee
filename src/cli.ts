#!/usr/bin/env node
/** The local door's entry: runs src/cli-main.ts with the process's arguments and exits with its code. */
import { main } from './cli-main.js';

// Exit explicitly: a cache request abandoned after its time-out must not keep the CLI alive.
process.exit(await main(process.argv.slice(2)));
