#!/usr/bin/env python3
# check-i18n.py: every user-visible text of the non-GUI layers is marked for gettext
#
# Finds, in each folder of src/ it knows, the calls that turn a string into text people read and
# fails, naming FILE:LINE, when one of their arguments holds a bare string literal with words in
# it instead of _( … ), N_( … ) or g_dngettext ( … ). Literals without words ("%.1f", "—", "W",
# "%s%s%s", "%s: %s") are not text to translate. Literals passed to a comparison
# (g_str_equal (x, "sodimm")) are catalog values, not text.
#
#   core     findings, "not checked" lines, placement and throttling reasons, comparison rows,
#            device names, field and kind labels.
#   store    build-file validation errors ("parts[0].count: must be …"), catalog and library
#            errors, the CSV import's notes.
#   net      address, fetch, HTTP and price-feed errors and the feed's rejection lines.
#   refresh  price-refresh outcomes and errors, the keyring's label for an API key.
#   export   headings and labels of the Markdown, BBCode, text, HTML and PDF exports and of the
#            charts; HTML and BBCode tags are markup, not words.
#
# What each folder checks is in FOLDERS below. Deliberately not checked: the leading arguments of
# the message calls (finding codes, JSON member names and paths such as "settings" in
# fail (ctx, "settings", _("…"))), the enum and catalog-value tables, SQL, CSV column names and
# JSON keys, log-only g_debug () and g_warning () texts, and in the engine g_set_error () (catalog
# validation errors, shown by the catalog compiler inside its own untranslated messages). The
# catalog compiler's errors are developer-facing build output and stay in English: its files are
# skipped.
#
# In store, net, refresh and export only the first checked argument of a call (its message or
# format) must be free of bare literals; a later argument may be a JSON member name or another
# single-word value ("format", "price") passed through %s. Literals that are data but have
# words are listed, with the reason, in a folder's 'not_text'.
#
# Usage: check-i18n.py DIR_OR_FILE…   (a file is checked by the rules of the folder it is in)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

# The engine (src/core).
CORE = {
    # Function or macro name -> index of the first argument that is (or feeds) user-visible
    # text; every argument from there on is checked.
    'calls': {
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
    },
    # Field tables: the label is the last argument of these macros (rig-part.c), or the last
    # member of a { "column", RIG_FIELD_…, … } initializer (rig-model.c).
    'field_macros': {'F_ID', 'F_TEXT', 'F_CHECK', 'F_ENUM', 'F_NUM', 'F_INT', 'F_BOOL', 'F_MONEY',
                     'F_DATE'},
    # Static tables of labels, by file: every literal in them is text.
    'tables': {
        'rig-part.c': {'kind_labels'},
        'rig-memory.c': {'texts'},
    },
    # These must each be found at least once, so that a rename does not leave the check empty.
    'required': {'rig_report_add_finding', 'rig_report_add_not_checked', 'set_reason', 'add_risk',
                 'add_row'},
}

# GError messages: the message or format argument of each.
ERROR_CALLS = {
    'g_set_error': 3,
    'g_set_error_literal': 3,
    'g_prefix_error': 1,
    'g_task_return_new_error': 3,
}

FOLDERS = {
    'core': CORE,

    # The store (src/store): build files, the catalog, the library, importing a parts list.
    'store': {
        'calls': dict(ERROR_CALLS, **{
            # fail (ctx, "parts[0].count", _("must be …"), …): the path is data.
            'fail': 2,
        }),
        # The notes of an import are built with g_strdup_printf (); elsewhere in the store it
        # builds SQL and JSON paths.
        'file_calls': {
            'rig-import.c': {'g_strdup_printf': 0},
        },
        # The reasons a CSV file cannot be read (rig-csv.c).
        'tables': {
            'rig-csv.c': {'reasons'},
        },
        'not_text': {
            '"null"': "JSON's keyword, written as the file has it",
            '"parts[%u].id: %s"': 'a JSON path before a message that is already translated',
            '"workloads[%u].model: %s"': 'a JSON path before a message that is already translated',
            '"workloads[%u].quant: %s"': 'a JSON path before a message that is already translated',
            '"workloads[%u].draft_model: %s"': 'a JSON path before a message that is already translated',
            '"workloads[%u].draft_quant: %s"': 'a JSON path before a message that is already translated',
            '"workloads[%u].recipe: %s"': 'a JSON path before a message that is already translated',
        },
        'skip': {
            'rig-catalog-compiler.c': 'its "file:line: field: reason" errors are build output for '
                                      'the developers who edit the catalog, in English',
            'rigplan-catalog-compile.c': 'the catalog compiler\'s command, run by the build',
        },
        'required': {'g_set_error', 'fail', 'g_strdup_printf', 'reasons'},
        'data_args': True,
    },

    # What the store and the network layer share for JSON (src/json).
    'json': {
        'calls': ERROR_CALLS,
        # Functions whose returned literals are text.
        'returns': {'rig_json_node_kind'},
        'not_text': {
            '"null"': "JSON's keyword, written as the file has it",
        },
        'required': {'rig_json_node_kind'},
        'data_args': True,
    },

    # Fetching (src/net): what went wrong with a request.
    'net': {
        'calls': dict(ERROR_CALLS, **{
            'g_strdup_printf': 0,
        }),
        'not_text': {
            '"If-None-Match: %s"': 'an HTTP request header',
            '"If-Modified-Since: %s"': 'an HTTP request header',
        },
        'required': {'g_set_error', 'g_strdup_printf'},
        'data_args': True,
    },

    # API keys in the keyring (src/keyring): the label a key is stored under.
    'keyring': {
        'calls': dict(ERROR_CALLS, **{
            'g_strdup_printf': 0,
        }),
        'not_text': {
            '"RIGPLAN_%s_KEY"': 'the name of an environment variable',
        },
        'required': {'g_strdup_printf'},
        'data_args': True,
    },

    # Prices (src/prices): why a price feed or a line of it was refused, and what a refresh
    # of the user's sources came to.
    'prices': {
        'calls': dict(ERROR_CALLS, **{
            # reject (r, "price", _("is missing")) and set_member_error (error, code, "version",
            # _("is missing")): the member name is data.
            'reject': 2,
            'set_member_error': 3,
            'g_strdup_printf': 0,
            'g_strdup': 0,
        }),
        # *problem = "…": why a CSV record cannot be read.
        'assigns': {'problem'},
        'not_text': {
            '"null"': "JSON's keyword, written as the feed has it",
            '"fx.%s"': 'a JSON path: the fx member of a feed and a currency code',
            '"new, used"': 'the keywords a condition may be',
            '"Best Buy"': 'a shop\'s name',
            '"%s%sapiKey=%s"': "Best Buy's query parameter for the API key",
        },
        'required': {'g_set_error', 'g_task_return_new_error', 'reject', 'set_member_error', 'problem'},
        'data_args': True,
    },

    # The document (src/document): the errors of opening and saving a build.
    'document': {
        'calls': dict(ERROR_CALLS),
        'required': {'g_set_error_literal'},
    },

    # The exports (src/export): Markdown, BBCode, text, HTML, PDF and the charts. CSV and JSON
    # exports write keys and values as data; they go through none of these calls.
    'export': {
        'calls': dict(ERROR_CALLS, **{
            'g_strdup_printf': 0,
            'g_string_append_printf': 1,
            'g_string_append': 1,
            'g_strdup': 0,
        }),
        'markup': True,
        'not_text': {
            '"page=%u pos=[%s %s]"': "a link's attributes, read by cairo",
            '" class=\\"differs\\""': 'an HTML attribute',
        },
        'required': {'g_set_error', 'g_strdup_printf', 'g_string_append_printf'},
        'data_args': True,
    },
}

WRAPPERS = {'_', 'N_', 'C_', 'NC_', 'Q_', 'g_dgettext', 'g_dngettext', 'g_dpgettext2', 'ngettext',
            'gettext', 'dgettext', 'dngettext'}

# A literal directly inside one of these is compared or looked up, never shown.
VALUE_CALLS = {'g_str_equal', 'g_strcmp0', 'strcmp', 'strncmp', 'g_ascii_strcasecmp',
               'g_ascii_strncasecmp', 'g_str_has_prefix', 'g_str_has_suffix', 'list_contains',
               'g_strv_contains', 'strchr', 'strstr', 'g_strsplit', 'sscanf', 'count_connectors',
               'rig_build_find', 'is_vendor', 'rig_str_is', 'rig_str_starts', 'rig_str_same'}

# Past the first checked argument, with 'data_args': one word, path or list with no spaces: a
# JSON member name, an id, a keyword or a CSV header row passed through %s.
DATA_LITERAL = re.compile(r'^"[A-Za-z0-9_.,\-\[\]%]*"$')

# Markup in the exports: tags, and the ends of tags cut by a macro ("<span foreground=\"" DIM).
MARKUP = [re.compile(r'<[^<>]*>'), re.compile(r'<[^<>]*$'), re.compile(r'^[^<>\s]*>'),
          re.compile(r'\[/?[A-Za-z]+(?:=[^\]]*)?\]'), re.compile(r'&[A-Za-z]+;')]
ESCAPE = re.compile(r'\\.')

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


def has_words(literal, markup=False):
    text = ESCAPE.sub(' ', literal[1:-1])
    if markup:
        for pattern in MARKUP:
            text = pattern.sub(' ', text)
    return WORD.search(CONVERSION.sub('', text)) is not None


def bare_literals(tokens, folder, lenient=False):
    """The literals with words in @tokens that no gettext call wraps. With @lenient, a single
    word or path ("format", "parts[%u]") is taken for data."""
    found, stack = [], []
    not_text = folder.get('not_text', {})
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
            if t.text in not_text:
                continue
            if lenient and DATA_LITERAL.match(t.text):
                continue
            if has_words(t.text, folder.get('markup', False)):
                found.append(t)
    return found


def body_of(tokens, i):
    """tokens[i] names a function definition; returns the tokens of its body, or []."""
    j = i + 1
    if j >= len(tokens) or tokens[j].text != '(':
        return []
    _, j = split_group(tokens, j)
    if j >= len(tokens) or tokens[j].text != '{':
        return []       # a prototype
    depth, k = 0, j
    while k < len(tokens):
        if tokens[k].kind == 'punct' and tokens[k].text == '{':
            depth += 1
        elif tokens[k].kind == 'punct' and tokens[k].text == '}':
            depth -= 1
            if depth == 0:
                break
        k += 1
    return tokens[j + 1:k]


def statement_from(tokens, i):
    """The tokens from tokens[i] to the ';' that ends its statement."""
    depth, k = 0, i
    while k < len(tokens):
        t = tokens[k]
        if t.kind == 'punct' and t.text in OPEN:
            depth += 1
        elif t.kind == 'punct' and t.text in CLOSE:
            depth -= 1
            if depth < 0:
                break
        elif t.kind == 'punct' and t.text == ';' and depth == 0:
            break
        k += 1
    return tokens[i:k]


def folder_of(path):
    """The folder whose rules @path follows: the name of the folder it is in."""
    name = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return name if name in FOLDERS else None


def check_source(name, source, folder_name):
    """Returns ([(line, message)], {call, function or table name: times seen})."""
    folder = FOLDERS[folder_name]
    base = os.path.basename(name)
    tokens = tokenize(source)
    problems, seen = [], {}
    calls = dict(folder['calls'], **folder.get('file_calls', {}).get(base, {}))
    tables = folder.get('tables', {}).get(base, set())
    field_macros = folder.get('field_macros', set())
    returns = folder.get('returns', set())
    assigns = folder.get('assigns', set())
    data_args = folder.get('data_args', False)

    def report(tok, what):
        text = tok.text if len(tok.text) <= 60 else tok.text[:57] + '…"'
        problems.append((tok.line, '%s: %s is not marked for translation; wrap it in _(), '
                                   'N_() or g_dngettext ()' % (what, text)))

    def count(what):
        seen[what] = seen.get(what, 0) + 1

    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        opens_call = nxt is not None and nxt.kind == 'punct' and nxt.text == '('

        if t.kind == 'id' and opens_call and t.text in calls:
            # GNU style puts a definition's name in column 0; calls are indented.
            if t.col == 0:
                continue
            count(t.text)
            args, _ = split_group(tokens, i + 1)
            first = calls[t.text]
            for n, arg in enumerate(args):
                if n < first:
                    continue
                for lit in bare_literals(arg, folder, lenient=data_args and n > first):
                    report(lit, '%s () argument %d' % (t.text, n + 1))

        elif t.kind == 'id' and opens_call and t.col == 0 and t.text in returns:
            count(t.text)
            body = body_of(tokens, i)
            for j, b in enumerate(body):
                if b.kind == 'id' and b.text == 'return':
                    for lit in bare_literals(statement_from(body, j + 1), folder):
                        report(lit, 'a value %s () returns' % t.text)

        elif (t.kind == 'id' and t.text in assigns and nxt is not None and nxt.text == '=' and
              i + 2 < len(tokens) and tokens[i + 2].text != '='):
            count(t.text)
            for lit in bare_literals(statement_from(tokens, i + 2), folder):
                report(lit, 'the value given to %s' % t.text)

        elif t.kind == 'id' and opens_call and t.text in field_macros:
            args, _ = split_group(tokens, i + 1)
            if args:
                for lit in bare_literals(args[-1], folder):
                    report(lit, 'the label of %s ()' % t.text)

        elif field_macros and t.kind == 'punct' and t.text == '{':
            members, _ = split_group(tokens, i)
            if (len(members) >= 3 and len(members[1]) == 1 and members[1][0].kind == 'id' and
                    members[1][0].text.startswith('RIG_FIELD_') and members[0] and
                    members[0][0].kind == 'str'):
                for lit in bare_literals(members[-1], folder):
                    report(lit, 'the label of field %s' % members[0][0].text)

        elif t.kind == 'id' and t.text in tables:
            # NAME[…] = { … }
            j = i + 1
            while j < len(tokens) and not (tokens[j].kind == 'punct' and tokens[j].text in '={;'):
                j += 1
            if j + 1 < len(tokens) and tokens[j].text == '=' and tokens[j + 1].text == '{':
                members, _ = split_group(tokens, j + 1)
                count(t.text)
                for member in members:
                    for lit in bare_literals(member, folder):
                        report(lit, 'table %s' % t.text)

    return problems, seen


# Each self-test: (folder, source, the lines that must each have one problem).
SELF_TESTS = [
    ('core', r"""
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
  g_set_error (error, RIG_ERROR, RIG_ERROR_INVALID, "not checked in the engine");
}
""", {6, 8, 9, 10, 11, 12, 13, 14}),
    ('json', r"""
const char *
rig_json_node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  return "a string";
}
""", {7}),
    ('store', r"""
static void
f (void)
{
  fail (ctx, "settings", "must be an object, not %s", rig_json_node_kind (node));
  fail (ctx, "settings", _("must be an object, not %s"), rig_json_node_kind (node));
  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "%s: %s", path, reason);
  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, _("%s: is %s"), "format", "an object");
  g_set_error_literal (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "the file is empty");
  g_prefix_error (error, "updating the library to version %d: ", v);
  path = g_strdup_printf ("parts[%u]", index);
}
""", {5, 8, 9, 10}),
    ('prices', r"""
static void
f (void)
{
  reject (r, "price", "is missing");
  reject (r, "price", _("is missing"));
  *problem = "a quoted field is never closed";
  *problem = _("a quoted field is never closed");
  where = g_strdup_printf ("line %u", line);
  where = g_strdup_printf ("fx.%s", code);
  return g_strdup ("no reason given");
}
""", {5, 7, 9, 11}),
    ('export', r"""
static void
f (void)
{
  g_string_append (out, "</td></tr>\n<tr><td>");
  g_string_append_printf (out, "<span foreground=\"" DIM "\">%s</span>", text);
  g_string_append_printf (out, "[tr][td][b]%s[/b][/td][/tr]\n", _("Total"));
  g_string_append (out, "Total</td>");
  label = g_strdup_printf ("PCIe %u.0", gen);
}
""", {8, 9}),
]


def self_test():
    ok = True
    for folder, source, expected in SELF_TESTS:
        problems, _ = check_source('self-test.c', source, folder)
        lines = sorted(line for line, _ in problems)
        if lines != sorted(expected):
            print('check-i18n.py self-test (%s): expected one problem on each of lines %s, '
                  'found %s' % (folder, sorted(expected), lines), file=sys.stderr)
            for line, message in problems:
                print('  %d: %s' % (line, message), file=sys.stderr)
            ok = False
    return ok


def main(argv):
    if len(argv) < 2:
        print('Usage: %s DIR_OR_FILE…' % argv[0], file=sys.stderr)
        return 2
    if not self_test():
        return 1

    failed, files, checked = 0, 0, 0
    for arg in argv[1:]:
        folder_name = folder_of(os.path.join(arg, 'x.c') if os.path.isdir(arg) else arg)
        if folder_name is None:
            print('check-i18n.py: %s is in none of the folders it knows (%s)'
                  % (arg, ', '.join(sorted(FOLDERS))), file=sys.stderr)
            return 2
        folder = FOLDERS[folder_name]
        if os.path.isdir(arg):
            paths = sorted(os.path.join(arg, f) for f in os.listdir(arg) if f.endswith('.c'))
        else:
            paths = [arg]

        seen = {}
        for path in paths:
            if os.path.basename(path) in folder.get('skip', {}):
                continue
            with open(path, encoding='utf-8') as f:
                problems, counts = check_source(path, f.read(), folder_name)
            files += 1
            for name, n in counts.items():
                seen[name] = seen.get(name, 0) + n
            for line, message in problems:
                print('%s:%d: %s' % (path, line, message))
                failed += 1
        checked += sum(seen.values())

        if os.path.isdir(arg):
            for name in sorted(folder.get('required', set()) - set(seen)):
                print('check-i18n.py: no %s found in %s; update FOLDERS[%r]'
                      % (name, arg, folder_name))
                failed += 1

    if failed:
        print('%d problem(s) in %d file(s): user-visible strings must be marked for translation'
              % (failed, files))
        return 1
    print('%d files, %d message calls checked: all user-visible strings are marked'
          % (files, checked))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
