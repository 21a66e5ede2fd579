/* Disassembler driven by the instruction table. Two spellings: binutils objdump's
 * canonical form (`objdump -M no-aliases`) and Spike's (`-l` log). */
#ifndef PAGODA_DISAS_H
#define PAGODA_DISAS_H

#include <stddef.h>
#include <stdint.h>

enum disas_style { DISAS_OBJDUMP, DISAS_SPIKE };

/* Writes the text of the instruction raw (at pc, for branch targets) into buf.
 * Unknown encodings print as "unknown" (Spike) or ".insn" (objdump). */
void disas(uint32_t raw, uint64_t pc, enum disas_style style, char *buf, size_t len);

extern const char *const reg_abi_name[32];
extern const char *const freg_abi_name[32];

#endif
