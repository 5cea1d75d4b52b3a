"""Who is using the app: workshop codes and joining (codes), the signed token a joined browser keeps (tokens),
single sign-on's people list (sign_on), the join link and QR address, and the throttle on guessing codes with the
address a try counts against."""
