"""Counts the checks in test logs: cargo's "test result" lines, the editor harnesses'
"NAME: N passed, M failed" lines and pytest's summary line. Prints "PASSED FAILED"."""
import re
import sys

CARGO = re.compile(r"test result: \w+\. (\d+) passed; (\d+) failed")
HARNESS = re.compile(r"^\S+: (\d+) passed, (\d+) failed")
PYTEST = re.compile(r"^=* ?(?:(\d+) failed, )?(\d+) passed(?:, \d+ \w+)* in [\d.]+s")

passed = failed = 0
for line in sys.stdin:
    line = line.strip()
    if m := CARGO.search(line) or HARNESS.search(line):
        passed += int(m.group(1))
        failed += int(m.group(2))
    elif m := PYTEST.search(line):
        failed += int(m.group(1) or 0)
        passed += int(m.group(2))
print(passed, failed)
