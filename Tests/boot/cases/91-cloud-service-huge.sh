CASE_TITLE="EC2-like machine whose metadata service answers 5 MB: refused at its 1 MiB limit, said, the boot goes on"

case_prepare() { prepare_broken_service huge; }
case_check() { check_broken_service "the body is 5242880 bytes, over the 1048576-byte limit" 3500; }
