# Turns `objdump -d` output into the disassembler test's expected table, one
# instruction a line: pc <TAB> encoding <TAB> text, all hex without 0x.
# Only annotations are dropped: a target's " <symbol>" and objdump's "# value"
# comments (register values it tracked across instructions), never operands.
BEGIN { FS = "\t" }
/^ *[0-9a-f]+:\t/ {
    pc = $1; sub(/^ */, "", pc); sub(/:$/, "", pc)
    raw = $2; gsub(/ /, "", raw)
    text = $3
    for (i = 4; i <= NF; i++) text = text "\t" $i
    sub(/[ \t]*#.*$/, "", text)
    sub(/ <[^>]*>$/, "", text)
    sub(/[ \t]+$/, "", text)
    print pc "\t" raw "\t" text
}
