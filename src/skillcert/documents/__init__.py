"""Certificate documents: the Sichuan-style PDF page, its QR code and security art, holder photos."""
