#!/usr/bin/env python3
"""No function in server/ is longer than LIMIT lines, signature to closing brace.

A function that long holds several decisions; split it and name the pieces
after what they decide. Lambdas count toward the function that holds them.
Usage: check_function_length.py SOURCE_DIR [LIMIT]
"""
import pathlib
import re
import sys

LIMIT = 60
CONTAINER = re.compile(r"^\s*(?:template\s*<[^{]*>\s*)?(namespace|class|struct|union|enum|extern)\b")


def blank_out(text):
    """Comments, string and character literals become spaces; newlines stay."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else c); i = j
        else:
            out.append(c); i += 1
    return "".join(out)


def long_functions(path, limit):
    code = blank_out(path.read_text())
    found = []
    # Each open brace: ("container" | "function" | "other", start line).
    stack, header_start, header = [], None, ""
    line = 1
    for ch in code:
        if ch == "\n":
            line += 1
        in_function = any(kind == "function" for kind, _ in stack)
        if ch == "{":
            if not in_function:
                text = header.strip()
                if CONTAINER.match(text) or not text:
                    kind = "container"
                elif ")" in text and not text.endswith("=") and not re.search(r"=\s*$", text):
                    kind = "function"
                else:
                    kind = "other"
                stack.append((kind, header_start or line))
            else:
                stack.append(("other", line))
            header, header_start = "", None
        elif ch == "}":
            if stack:
                kind, start = stack.pop()
                if kind == "function" and line - start + 1 > limit:
                    found.append((start, line - start + 1))
            header, header_start = "", None
        elif ch == ";" and not in_function:
            header, header_start = "", None
        elif not in_function:
            if header_start is None and not ch.isspace():
                header_start = line
            if header_start is not None:
                header += ch
                if ch == ":" and re.search(r"\b(public|private|protected)\s*:$", header):
                    header, header_start = "", None
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else LIMIT
    bad = []
    for path in sorted((root / "server").rglob("*")):
        if path.suffix in (".h", ".cc"):
            for start, length in long_functions(path, limit):
                bad.append(f"{path.relative_to(root)}:{start}: {length} lines (limit {limit})")
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} function(s) longer than {limit} lines")
        return 1
    print(f"no function in server/ is longer than {limit} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
