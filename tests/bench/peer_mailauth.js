#!/usr/bin/env node
// SPDX-License-Identifier: MIT
/*
 * Loop driver for mailauth's MTA-STS policy parser, parsePolicy() of
 * lib/mta-sts.js. Run by tests/bench/peers.sh, which installs the pinned
 * mailauth under the build tree and passes the path of that file.
 *
 * Usage: node peer_mailauth.js MTA_STS_JS MODE LOOPS REPS FILE...
 *
 * MODE is one of
 *   strict  parsePolicy(text, { strict: true }): RFC 8461 syntax exactly
 *           (field names, mode and max_age values, mx patterns);
 *   lax     parsePolicy(text): mailauth's default, lenient parse;
 *   show    no timing: one line per FILE with what strict and lax decide.
 *
 * Inputs are read and decoded to strings once, before timing (the parser
 * calls toString() on them anyway). An invalid policy makes parsePolicy
 * throw; the driver catches and counts it, so rejections are timed too.
 *
 * Timing: one untimed pass to warm the JIT up, then REPS timed passes of
 * LOOPS rounds over all the FILEs (in order); prints the median rate as
 * "RATE policies/s ..." on one line.
 */
'use strict';

const fs = require('node:fs');

function main(argv) {
    const [modPath, mode, loopsArg, repsArg, ...files] = argv;
    if (!modPath || !['strict', 'lax', 'show'].includes(mode) || files.length === 0) {
        process.stderr.write('usage: node peer_mailauth.js MTA_STS_JS strict|lax|show LOOPS REPS FILE...\n');
        return 2;
    }
    const { parsePolicy } = require(modPath);
    const texts = files.map(f => fs.readFileSync(f).toString());

    const parseWith = opts => text => {
        try {
            return parsePolicy(text, opts);
        } catch (err) {
            return err.code || 'error';
        }
    };
    const strict = parseWith({ strict: true });
    const lax = parseWith(undefined);

    if (mode === 'show') {
        const say = r => (typeof r === 'string' ? 'rejected (' + r + ')' : 'accepted');
        files.forEach((f, i) => {
            console.log(f + '\tstrict: ' + say(strict(texts[i])) + '\tlax: ' + say(lax(texts[i])));
        });
        return 0;
    }

    const fn = mode === 'strict' ? strict : lax;
    const loops = Number(loopsArg);
    const reps = Number(repsArg);
    // Count accepted policies so that no call can be dropped as dead code.
    const onePass = () => {
        let accepted = 0;
        for (let l = 0; l < loops; l++) {
            for (let i = 0; i < texts.length; i++) {
                if (typeof fn(texts[i]) !== 'string') {
                    accepted++;
                }
            }
        }
        return accepted;
    };

    onePass(); // warm up
    const times = [];
    let sink = 0;
    for (let r = 0; r < reps; r++) {
        const t0 = process.hrtime.bigint();
        sink += onePass();
        times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    times.sort((a, b) => a - b);
    const median = reps % 2 ? times[(reps - 1) / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
    const n = loops * texts.length;
    console.log(`${(n / median).toFixed(0)} policies/s (median of ${reps} x ${n} parses; accepted ${Math.round(sink / reps)})`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
