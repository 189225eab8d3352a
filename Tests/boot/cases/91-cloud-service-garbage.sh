CASE_TITLE="EC2-like machine whose metadata service answers bytes that are not HTTP: refused at once, said (escaped), the boot goes on"

case_prepare() { prepare_broken_service garbage; }
case_check() { check_broken_service 'not an HTTP response \(status line ".u\{0\}.u\{1\} this is not HTTP' 3500; }
