#!/usr/bin/env python3
"""Fails when the translations fall behind the sources.

Runs lupdate over the sources into copies of the committed .ts files (the committed files are
not touched) and reports, one line each:
  - a source string with no Simplified Chinese translation (new, or changed since translated);
  - a plural string without its English singular and plural forms;
  - a translation whose placeholders (%1, %n, %L1 ...) differ from its source's;
  - anything lupdate warns about, such as a tr() call it cannot give a context.

Usage: check_translations.py LUPDATE SOURCE_DIR... --full zh_CN.ts --plurals en.ts
Fix by running the update_translations target, then translating what it marked unfinished.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r'%L?(?:\d+|n)')


def run_lupdate(lupdate, sources, ts, options):
    result = subprocess.run([lupdate, '-locations', 'none', '-no-obsolete', *options, *sources,
                             '-ts', ts], capture_output=True, text=True)
    lines = (result.stdout + result.stderr).splitlines()
    warnings = [l.strip() for l in lines
                if l.strip() and not l.lstrip().startswith(('Scanning', 'Updating', 'Found', 'Stripping'))]
    if result.returncode != 0:
        warnings.append(f'lupdate exited with {result.returncode}')
    return warnings


def messages(ts):
    for context in ET.parse(ts).getroot().iter('context'):
        name = context.findtext('name')
        for message in context.iter('message'):
            yield name, message


def describe(context, message):
    source = message.findtext('source').replace('\n', '\\n')
    return f'{context}: "{source[:100]}"'


def check(path, plural_only):
    problems = []
    for context, message in messages(path):
        translation = message.find('translation')
        forms = [f.text or '' for f in translation.findall('numerusform')]
        texts = forms if message.get('numerus') == 'yes' else [translation.text or '']
        unfinished = translation.get('type') == 'unfinished'
        if unfinished or not all(t.strip() for t in texts):
            what = 'no English plural forms' if plural_only else 'no Chinese translation'
            problems.append(f'{what}: {describe(context, message)}')
            continue
        if plural_only and len(forms) != 2:
            problems.append(f'English needs 2 plural forms, has {len(forms)}: '
                            f'{describe(context, message)}')
        wanted = sorted(PLACEHOLDER.findall(message.findtext('source')))
        for text in texts:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f'placeholders differ from the source\'s ({" ".join(wanted)}): '
                                f'{describe(context, message)} -> "{text[:100]}"')
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('lupdate')
    parser.add_argument('sources', nargs='+')
    parser.add_argument('--full', required=True)
    parser.add_argument('--plurals', required=True)
    args = parser.parse_args()

    problems = []
    with tempfile.TemporaryDirectory() as work:
        for ts, plural_only in ((args.full, False), (args.plurals, True)):
            copy = os.path.join(work, os.path.basename(ts))
            shutil.copyfile(ts, copy)
            options = ['-pluralonly'] if plural_only else []
            problems += [f'lupdate: {w}' for w in run_lupdate(args.lupdate, args.sources, copy,
                                                                options)]
            found = [f'{os.path.basename(ts)}: {p}' for p in check(copy, plural_only)]
            problems += found
            count = sum(1 for _ in messages(copy))
            print(f'{os.path.basename(ts)}: {count} strings, {len(found)} problems')
    for p in problems:
        print(p)
    if problems:
        print(f'{len(problems)} problems. Run the update_translations target, then translate '
              'what it marks unfinished (Qt Linguist, or by hand in the .ts file).')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
