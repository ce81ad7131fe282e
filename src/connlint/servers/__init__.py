"""What databases present to their clients: the server side of a CA rotation
(which CA each database's certificate comes from, and how to tell a client's
host is that database).
"""
