#!/usr/bin/env python3
"""The configuration reference and the man page agree: the same tables, the same keys in each,
and the same default wherever both state one as a value.

    config_reference_test.py docs/configuration.md packaging/man/sensor-agent.toml.5

In docs/configuration.md a table is a heading holding `[name]` or `[[name]]`, its keys the code
spans of the first column of the table below it, its defaults the code spans of the second column
(paired with the keys when there are as many). In the man page a table is an .SS heading under
.SH TABLES, its keys the bold words of the tag line after each .TP, a default the value in
parentheses after a key.
"""
import re
import sys

CODE = re.compile(r'`([^`]+)`')
KEY = re.compile(r'^[a-z][a-z0-9_]*$')


def unescape(roff):
    """The roff escapes the man page uses, as the characters they print."""
    return roff.replace('\\(dq', '"').replace('\\-', '-').replace('\\%', '').replace('\\&', '')


def plain(value):
    """A default as a bare value, without quotes."""
    return unescape(value).strip().strip('"')


def from_markdown(path):
    tables = {}
    current = None
    for line in open(path, encoding='utf-8'):
        heading = re.match(r'^#+ .*?`(\[\[?[a-zA-Z_.]+\]?\])`', line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        if re.match(r'^#+ ', line):
            current = None
            continue
        if current is None or not line.startswith('|'):
            continue
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) < 2 or cells[0] in ('key', '---') or set(cells[0]) <= set('-: '):
            continue
        keys = [k for k in CODE.findall(cells[0]) if KEY.match(k)]
        defaults = CODE.findall(cells[1]) if cells[1].startswith('`') else []
        for i, key in enumerate(keys):
            value = None
            if len(defaults) == len(keys):
                value = plain(defaults[i])
            elif len(defaults) == 1 and len(keys) == 1:
                value = plain(defaults[0])
            current[key] = value
    return tables


def roff_words(line):
    """The arguments of a .B/.BR/.RB/.I... line, with which are bold."""
    m = re.match(r'^\.(B|BR|RB|BI|IB|I|IR|RI)\s+(.*)$', line)
    if not m:
        return [(False, line)]
    macro, rest = m.group(1), m.group(2)
    args = [unescape(m.group(1) if m.group(1) is not None else m.group(2))
            for m in re.finditer(r'"([^"]*)"|(\S+)', rest)]
    if macro == 'B':
        return [(True, ' '.join(args))]
    if macro == 'I':
        return [(False, ' '.join(args))]
    fonts = [macro[0] == 'B', macro[1] == 'B']
    return [(fonts[i % 2], a) for i, a in enumerate(args)]


def from_man(path):
    tables = {}
    section = None
    current = None
    tag_next = False
    for raw in open(path, encoding='utf-8'):
        line = raw.rstrip('\n')
        if line.startswith('.SH'):
            section = line[3:].strip().strip('"')
            current = None
            continue
        if section != 'TABLES':
            continue
        if line.startswith('.SS'):
            current = tables.setdefault(line[3:].strip().strip('"'), {})
            continue
        if line.startswith('.TP'):
            tag_next = True
            continue
        if not tag_next or current is None:
            continue
        tag_next = False
        # The tag line as text, bold words marked, so that "key (default)" can be read off.
        words = roff_words(line)
        text = ''.join(('\x01' + w + '\x02') if bold else w for bold, w in words)
        for m in re.finditer(r'\x01([a-z][a-z0-9_]*)\x02(?:\s*\(([^)]*)\))?', text):
            key, paren = m.group(1), m.group(2)
            value = None
            if paren is not None:
                paren = paren.replace('\x01', '').replace('\x02', '')
                paren = re.sub(r'^default:?\s*', '', paren.strip())
                paren = paren.split(': ')[0].strip()  # "0s: 3 intervals"
                if paren and ',' not in paren and ' ' not in paren:
                    value = plain(paren)
            current[key] = value
    return tables


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    markdown, man = from_markdown(sys.argv[1]), from_man(sys.argv[2])
    problems = []
    if not markdown or not man:
        problems.append(f'no tables found (Markdown: {len(markdown)}, man page: {len(man)})')
    for table in sorted(set(markdown) | set(man)):
        if table not in man:
            problems.append(f'table {table} is in {sys.argv[1]} but not in {sys.argv[2]}')
            continue
        if table not in markdown:
            problems.append(f'table {table} is in {sys.argv[2]} but not in {sys.argv[1]}')
            continue
        md_keys, man_keys = markdown[table], man[table]
        for key in sorted(set(md_keys) - set(man_keys)):
            problems.append(f'{table} {key}: in {sys.argv[1]}, not in {sys.argv[2]}')
        for key in sorted(set(man_keys) - set(md_keys)):
            problems.append(f'{table} {key}: in {sys.argv[2]}, not in {sys.argv[1]}')
        for key in sorted(set(md_keys) & set(man_keys)):
            a, b = md_keys[key], man_keys[key]
            if a is not None and b is not None and a != b:
                problems.append(f'{table} {key}: default {a!r} in {sys.argv[1]}, {b!r} in {sys.argv[2]}')
    for problem in problems:
        print(f'FAIL: {problem}', file=sys.stderr)
    if problems:
        return 1
    keys = sum(len(t) for t in markdown.values())
    compared = sum(1 for t in markdown for k, v in markdown[t].items()
                   if v is not None and man[t].get(k) is not None)
    print(f'{len(markdown)} tables, {keys} keys agree; {compared} defaults compared and equal')
    return 0


if __name__ == '__main__':
    sys.exit(main())
