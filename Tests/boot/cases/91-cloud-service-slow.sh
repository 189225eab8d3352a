CASE_TITLE="EC2-like machine whose metadata service takes 30 s per answer: given up at flamingo.metadata.timeout=3, said, the boot goes on"

case_prepare() { prepare_broken_service slow; }
case_check() { check_broken_service "receive: Connection timed out" 3500; }
