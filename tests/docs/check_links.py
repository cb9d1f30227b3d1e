#!/usr/bin/env python3
"""Every relative link of every Markdown file in the tree resolves: the file or folder exists,
and a #fragment names a heading of the target Markdown file (GitHub's anchors).

    check_links.py SOURCE_DIR
"""
import os
import re
import sys
from urllib.parse import unquote

SKIP_DIRS = {'.git', 'build', 'out', 'node_modules', '__pycache__'}
FENCE = re.compile(r'^\s*(```|~~~)')
INLINE_LINK = re.compile(r'!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)')
REFERENCE_DEF = re.compile(r'^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$')
CODE_SPAN = re.compile(r'(`+)(.+?)\1')
HEADING = re.compile(r'^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$')
HTML_ANCHOR = re.compile(r'<a\s+(?:name|id)="([^"]+)"')


def markdown_files(root):
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith('build'))
        for name in sorted(files):
            if name.endswith('.md'):
                yield os.path.join(directory, name)


def prose_lines(text):
    """(line number, line) outside fenced code blocks."""
    fenced = None
    for number, line in enumerate(text.split('\n'), 1):
        m = FENCE.match(line)
        if m:
            if fenced is None:
                fenced = m.group(1)
            elif m.group(1) == fenced:
                fenced = None
            continue
        if fenced is None:
            yield number, line


def slug(heading):
    """GitHub's anchor for a heading: markup dropped, lower case, punctuation removed, spaces
    turned into hyphens."""
    text = CODE_SPAN.sub(lambda m: m.group(2), heading)
    text = re.sub(r'!?\[([^\]]*)\]\([^)]*\)', r'\1', text)  # links keep their text
    text = re.sub(r'<[^>]+>', '', text)
    text = text.replace('*', '')
    text = text.strip().lower()
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def anchors_of(path, cache={}):
    if path not in cache:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        seen = {}
        anchors = set()
        for _, line in prose_lines(text):
            for name in HTML_ANCHOR.findall(line):
                anchors.add(name)
            m = HEADING.match(line)
            if not m:
                continue
            base = slug(m.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            anchors.add(base if count == 0 else f'{base}-{count}')
        cache[path] = anchors
    return cache[path]


def links_of(text):
    for number, line in prose_lines(text):
        m = REFERENCE_DEF.match(line)
        if m:
            yield number, m.group(1)
            continue
        without_code = CODE_SPAN.sub(lambda m: ' ' * len(m.group(0)), line)
        for m in INLINE_LINK.finditer(without_code):
            yield number, m.group(1)


def check(root):
    problems = []
    checked = 0
    files = list(markdown_files(root))
    for source in files:
        with open(source, encoding='utf-8') as f:
            text = f.read()
        for number, target in links_of(text):
            if not target or re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', target):
                continue  # external (https:, mailto:, ...)
            checked += 1
            where = f'{os.path.relpath(source, root)}:{number}'
            path, _, fragment = target.partition('#')
            resolved = os.path.normpath(os.path.join(os.path.dirname(source), unquote(path))) \
                if path else source
            if not os.path.exists(resolved):
                problems.append(f'{where}: {target}: no such file or folder')
                continue
            if not os.path.realpath(resolved).startswith(os.path.realpath(root) + os.sep):
                problems.append(f'{where}: {target}: leaves the source tree')
                continue
            if fragment:
                if not resolved.endswith('.md') or os.path.isdir(resolved):
                    problems.append(f'{where}: {target}: a #fragment on a file that is not Markdown')
                elif unquote(fragment) not in anchors_of(resolved):
                    problems.append(f'{where}: {target}: {os.path.relpath(resolved, root)} has '
                                    f'no heading with anchor #{fragment}')
    return files, checked, problems


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.realpath(sys.argv[1])
    files, checked, problems = check(root)
    for problem in problems:
        print(f'FAIL: {problem}', file=sys.stderr)
    if not files or checked == 0:
        print('FAIL: no Markdown file or no relative link found', file=sys.stderr)
        return 1
    if problems:
        return 1
    print(f'{checked} relative links in {len(files)} Markdown files resolve')
    return 0


if __name__ == '__main__':
    sys.exit(main())
