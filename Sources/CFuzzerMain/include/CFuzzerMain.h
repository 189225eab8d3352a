// Empty on purpose: this target only supplies the fuzz executable's entry point (see entry.c).
