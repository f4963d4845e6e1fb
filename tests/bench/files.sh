# SPDX-License-Identifier: MIT
# Sourced by cli.sh and scale.sh: make_files DIR N writes N small policy
# files DIR/files/0.txt ... (N-1).txt and the list of their names,
# DIR/list (one a line, relative to DIR/files). File i is the template
# tests/bench/data/NN-*.txt number (i mod 8) followed by the line
# "mx: hI.example.org" with the template's own line ending, so that every
# file is distinct. One awk process writes them all.
make_files() {
  mkdir "$1/files"
  templates=("$(dirname "${BASH_SOURCE[0]}")"/data/[0-9][0-9]-*.txt)
  (cd "$1/files" && awk -v n="$2" -v k="${#templates[@]}" '
    BEGIN { RS = "\001" }   # no such byte in a template: one record each
    FNR == 1 { t[m++] = $0 }
    END {
      for (i = 0; i < n; i++) {
        s = t[i % k]
        eol = index(s, "\r\n") ? "\r\n" : "\n"
        f = i ".txt"
        printf "%smx: h%d.example.org%s", s, i, eol > f
        close(f)
      }
    }' "${templates[@]}")
  awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) print i ".txt" }' >"$1/list"
}
