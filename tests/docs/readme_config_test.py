#!/usr/bin/env python3
"""Every ```toml block of the README is a whole configuration that `sensor-agent check` accepts
without a problem, not even a warning.

    readme_config_test.py SENSOR_AGENT README.md
"""
import os
import re
import subprocess
import sys
import tempfile


def toml_blocks(text):
    return re.findall(r'^```toml\n(.*?)^```', text, flags=re.M | re.S)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, readme = sys.argv[1], sys.argv[2]
    with open(readme, encoding='utf-8') as f:
        blocks = toml_blocks(f.read())
    if not blocks:
        print(f'FAIL: no ```toml block in {readme}', file=sys.stderr)
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for number, block in enumerate(blocks, 1):
            path = os.path.join(work, f'readme-{number}.toml')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(block)
            result = subprocess.run([binary, 'check', '--config', path], capture_output=True,
                                    text=True, timeout=30)
            output = (result.stdout + result.stderr).strip()
            # Problems, warnings included, go to stderr; a clean config prints only its summary.
            if (result.returncode != 0 or result.stderr.strip()
                    or not result.stdout.startswith('config OK:')):
                failures += 1
                print(f'FAIL: block {number} of {readme}: exit status {result.returncode}\n'
                      f'{output}\n--- the block:\n{block}', file=sys.stderr)
    if failures:
        return 1
    print(f'{len(blocks)} configuration(s) of {readme} pass sensor-agent check')
    return 0


if __name__ == '__main__':
    sys.exit(main())
