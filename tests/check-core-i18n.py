#!/usr/bin/env python3
# check-core-i18n.py: every user-visible text of the engine (src/core/*.c) is marked for gettext
#
# Finds the calls that turn a string into text people read (findings, "not checked" lines,
# placement and throttling reasons, comparison rows, device names, field and kind labels) and
# fails, naming FILE:LINE, when one of their arguments holds a bare string literal with words in
# it instead of _( … ), N_( … ) or g_dngettext ( … ). Literals without words ("%.1f", "—", "W",
# "%s%s%s") are not text to translate. Literals passed to a comparison (g_str_equal (x, "sodimm"))
# are catalog values, not text.
#
# Deliberately not checked: finding codes and the other leading arguments of
# rig_report_add_finding (), g_set_error () messages (catalog validation errors, shown by the
# catalog compiler inside its own untranslated messages), and the enum and catalog-value tables.
#
# Usage: check-core-i18n.py DIR_OR_FILE…
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

# Function or macro name -> index of the first argument that is (or feeds) user-visible text;
# every argument from there on is checked.
MESSAGE_CALLS = {
    'rig_report_add_finding': 4,
    'rig_report_add_not_checked': 2,
    'set_reason': 1,
    'add_risk': 3,
    'add_row': 1,
    'set_text': 2,
    'set_value': 3,
    'g_strdup_printf': 0,
    'g_snprintf': 2,
    'g_string_append_printf': 1,
    'g_strdup': 0,
}

# Field tables: the label is the last argument of these macros (rig-part.c) ...
FIELD_MACROS = {'F_ID', 'F_TEXT', 'F_CHECK', 'F_ENUM', 'F_NUM', 'F_INT', 'F_BOOL', 'F_MONEY',
                'F_DATE'}
# ... or the last member of a { "column", RIG_FIELD_…, … } initializer (rig-model.c).

# Static tables of labels, by file: every literal in them is text.
LABEL_TABLES = {
    'rig-part.c': {'kind_labels'},
    'rig-memory.c': {'texts'},
}

# These must each be found at least once, so that a rename does not leave the check empty.
REQUIRED = {'rig_report_add_finding', 'rig_report_add_not_checked', 'set_reason', 'add_risk',
            'add_row'}

WRAPPERS = {'_', 'N_', 'C_', 'NC_', 'Q_', 'g_dgettext', 'g_dngettext', 'g_dpgettext2', 'ngettext',
            'gettext', 'dgettext', 'dngettext'}

# A literal directly inside one of these is compared or looked up, never shown.
VALUE_CALLS = {'g_str_equal', 'g_strcmp0', 'strcmp', 'strncmp', 'g_ascii_strcasecmp',
               'g_ascii_strncasecmp', 'g_str_has_prefix', 'g_str_has_suffix', 'list_contains',
               'g_strv_contains', 'strchr', 'strstr', 'g_strsplit', 'sscanf', 'count_connectors',
               'rig_build_find', 'is_vendor'}

CONVERSION = re.compile(r'%(?:\d+\$)?[-+ #0\']*(?:\d+|\*)?(?:\.(?:\d+|\*))?'
                        r'(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcspn%]')
WORD = re.compile(r'[A-Za-z]{2,}')

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<num>\.?[0-9][A-Za-z0-9_.]*)
  | (?P<space>\s+)
  | (?P<punct>.)
''', re.S | re.X)


class Token:
    def __init__(self, kind, text, pos, line, col):
        self.kind, self.text, self.pos, self.line, self.col = kind, text, pos, line, col


def tokenize(source):
    tokens = []
    line_starts = [0] + [m.end() for m in re.finditer(r'\n', source)]

    def where(pos):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, pos - line_starts[lo]

    for m in TOKEN.finditer(source):
        kind = m.lastgroup
        if kind in ('comment', 'space'):
            continue
        if kind == 'str' and tokens and tokens[-1].kind == 'str':
            # Adjacent literals are one string.
            tokens[-1].text = tokens[-1].text[:-1] + m.group()[1:]
            continue
        line, col = where(m.start())
        tokens.append(Token(kind, m.group(), m.start(), line, col))
    return tokens


OPEN = {'(': ')', '[': ']', '{': '}'}
CLOSE = {')', ']', '}'}


def split_group(tokens, start):
    """tokens[start] opens a group; returns (its comma-separated members, index after it)."""
    members, current, depth, i = [], [], 0, start + 1
    while i < len(tokens):
        t = tokens[i]
        if t.kind == 'punct' and t.text in OPEN:
            depth += 1
        elif t.kind == 'punct' and t.text in CLOSE:
            if depth == 0:
                if current:
                    members.append(current)
                return members, i + 1
            depth -= 1
        elif t.kind == 'punct' and t.text == ',' and depth == 0:
            members.append(current)
            current = []
            i += 1
            continue
        current.append(t)
        i += 1
    return members, i


def has_words(literal):
    return WORD.search(CONVERSION.sub('', literal[1:-1])) is not None


def bare_literals(tokens):
    """The literals with words in @tokens that no gettext call wraps."""
    found, stack = [], []
    for i, t in enumerate(tokens):
        if t.kind == 'punct' and t.text in OPEN:
            prev = tokens[i - 1] if i > 0 else None
            stack.append(prev.text if t.text == '(' and prev is not None and prev.kind == 'id'
                         else None)
        elif t.kind == 'punct' and t.text in CLOSE:
            if stack:
                stack.pop()
        elif t.kind == 'str':
            if any(name in WRAPPERS for name in stack):
                continue
            if stack and stack[-1] in VALUE_CALLS:
                continue
            if has_words(t.text):
                found.append(t)
    return found


def check_source(name, source):
    """Returns ([(line, message)], {call name: times seen})."""
    tokens = tokenize(source)
    problems, seen = [], {}
    tables = LABEL_TABLES.get(os.path.basename(name), set())

    def report(tok, what):
        text = tok.text if len(tok.text) <= 60 else tok.text[:57] + '…"'
        problems.append((tok.line, '%s: %s is not marked for translation; wrap it in _(), '
                                   'N_() or g_dngettext ()' % (what, text)))

    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        opens_call = nxt is not None and nxt.kind == 'punct' and nxt.text == '('

        if t.kind == 'id' and opens_call and t.text in MESSAGE_CALLS:
            # GNU style puts a definition's name in column 0; calls are indented.
            if t.col == 0:
                continue
            seen[t.text] = seen.get(t.text, 0) + 1
            args, _ = split_group(tokens, i + 1)
            for n, arg in enumerate(args):
                if n < MESSAGE_CALLS[t.text]:
                    continue
                for lit in bare_literals(arg):
                    report(lit, '%s () argument %d' % (t.text, n + 1))

        elif t.kind == 'id' and opens_call and t.text in FIELD_MACROS:
            args, _ = split_group(tokens, i + 1)
            if args:
                for lit in bare_literals(args[-1]):
                    report(lit, 'the label of %s ()' % t.text)

        elif t.kind == 'punct' and t.text == '{':
            members, _ = split_group(tokens, i)
            if (len(members) >= 3 and len(members[1]) == 1 and members[1][0].kind == 'id' and
                    members[1][0].text.startswith('RIG_FIELD_') and members[0] and
                    members[0][0].kind == 'str'):
                for lit in bare_literals(members[-1]):
                    report(lit, 'the label of field %s' % members[0][0].text)

        elif t.kind == 'id' and t.text in tables:
            # NAME[…] = { … }
            j = i + 1
            while j < len(tokens) and not (tokens[j].kind == 'punct' and tokens[j].text in '={;'):
                j += 1
            if j + 1 < len(tokens) and tokens[j].text == '=' and tokens[j + 1].text == '{':
                members, _ = split_group(tokens, j + 1)
                seen[t.text] = seen.get(t.text, 0) + 1
                for member in members:
                    for lit in bare_literals(member):
                        report(lit, 'table %s' % t.text)

    return problems, seen


SELF_TEST = r'''
static void
f (void)
{
  rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.x",
                          "%s is %s.", a, b);
  rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.y",
                          _("%s takes %s%s."), a, b, c ? " (a bracket fits it)" : "");
  rig_report_add_not_checked (report, RIG_AREA_POWER, "No power supply.");
  set_reason (r, g_str_equal (f, "sodimm") ? "laptop memory" : _("desktop memory"));
  add_risk (t, d->part, RIG_RISK_HIGH, "its fans draw the exhaust");
  row = add_row (c, "Power", _("Heat"), "W", RIG_BETTER_LOWER);
  F_TEXT ("name", name, REQ, "Name"),
  { "id", RIG_FIELD_ID, REQ, 0, 0, NULL, NULL, M (id), "Id" },
}
'''

SELF_TEST_EXPECTED = {6, 8, 9, 10, 11, 12, 13, 14}


def self_test():
    problems, _ = check_source('self-test.c', SELF_TEST)
    lines = sorted(line for line, _ in problems)
    if lines != sorted(SELF_TEST_EXPECTED):
        print('check-core-i18n.py self-test: expected one problem on each of lines %s, found %s'
              % (sorted(SELF_TEST_EXPECTED), lines), file=sys.stderr)
        return False
    return True


def main(argv):
    if len(argv) < 2:
        print('Usage: %s DIR_OR_FILE…' % argv[0], file=sys.stderr)
        return 2
    if not self_test():
        return 1

    paths = []
    for arg in argv[1:]:
        if os.path.isdir(arg):
            paths += sorted(os.path.join(arg, f) for f in os.listdir(arg) if f.endswith('.c'))
        else:
            paths.append(arg)

    failed, seen = 0, {}
    for path in paths:
        with open(path, encoding='utf-8') as f:
            problems, counts = check_source(path, f.read())
        for name, n in counts.items():
            seen[name] = seen.get(name, 0) + n
        for line, message in problems:
            print('%s:%d: %s' % (path, line, message))
            failed += 1

    for name in sorted(REQUIRED - set(seen)):
        print('check-core-i18n.py: no call to %s () found; update MESSAGE_CALLS' % name)
        failed += 1

    if failed:
        print('%d problem(s) in %d file(s): user-visible strings must be marked for translation'
              % (failed, len(paths)))
        return 1
    print('%d files, %d message calls checked: all user-visible strings are marked'
          % (len(paths), sum(seen.values())))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
