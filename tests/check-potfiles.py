#!/usr/bin/env python3
"""check-potfiles.py SOURCE_ROOT: po/POTFILES.in lists every source file and template with a
translatable string, and nothing that is gone, so no string is missing from the translations
and xgettext finds every file it is given."""
import glob
import os
import re
import sys

root = sys.argv[1]
os.chdir(root)
listed = [line.strip() for line in open('po/POTFILES.in', encoding='utf-8')
          if line.strip() and not line.startswith('#')]
marked = re.compile(r'(?<![A-Za-z0-9_])(N?_|C_|NC_|g_dngettext)\s*\(')
wanted = {f for f in glob.glob('src/**/*.c', recursive=True) if marked.search(open(f, encoding='utf-8').read())}
wanted |= {f for f in glob.glob('ui/**/*.ui', recursive=True)
           if 'translatable="yes"' in open(f, encoding='utf-8').read()}
status = 0
for f in listed:
    if not os.path.exists(f):
        print(f'po/POTFILES.in: {f} does not exist')
        status = 1
for f in sorted(wanted - set(listed)):
    print(f'po/POTFILES.in: {f} has translatable strings but is not listed')
    status = 1
sys.exit(status)
