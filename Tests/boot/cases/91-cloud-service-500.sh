CASE_TITLE="EC2-like machine whose metadata service answers 500: bounded (flamingo.metadata.timeout=3), said, nothing written, the boot goes on"

case_prepare() { prepare_broken_service 500; }
case_check() { check_broken_service "500 Internal Server Error \([0-9]+ tries\)" 3500; }
