# Installs flamingo as a distribution package would lay it out:
#   make install DESTDIR=/tmp/root PREFIX=/usr
# The binary is the static one from scripts/build-static.sh (or BINARY=path for a prebuilt one).
PREFIX ?= /usr
DESTDIR ?=
BINARY ?= dist/flamingo

BINDIR := $(PREFIX)/bin
DRACUTDIR := $(PREFIX)/lib/dracut
MODULEDIR := $(DRACUTDIR)/modules.d/30flamingo
DOCDIR := $(PREFIX)/share/doc/flamingo

.PHONY: all install test demo rpm

all: $(BINARY)

dist/flamingo:
	scripts/build-static.sh

install: $(BINARY)
	install -D -m 0755 $(BINARY) $(DESTDIR)$(BINDIR)/flamingo
	install -d -m 0755 $(DESTDIR)$(MODULEDIR)
	install -m 0755 dracut/modules.d/30flamingo/module-setup.sh $(DESTDIR)$(MODULEDIR)/module-setup.sh
	install -m 0755 dracut/modules.d/30flamingo/flamingo-pre-pivot.sh $(DESTDIR)$(MODULEDIR)/flamingo-pre-pivot.sh
	install -m 0644 dracut/modules.d/30flamingo/flamingo.service $(DESTDIR)$(MODULEDIR)/flamingo.service
	install -D -m 0644 dracut/dracut.conf.d/50-flamingo.conf $(DESTDIR)$(DRACUTDIR)/dracut.conf.d/50-flamingo.conf
	install -d -m 0755 $(DESTDIR)$(DOCDIR)
	install -m 0644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/

test:
	scripts/test.sh

demo:
	scripts/demo.sh

rpm:
	scripts/build-rpm.sh
