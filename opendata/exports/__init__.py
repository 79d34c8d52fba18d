"""The published dataset as tables: stable column names, CSV and JSON, streamed.

One definition per table serves the list exports (`/pledges/export.csv?...`), the dated
releases (`manage.py release`) and the data dictionary on the methodology page, so the
three never disagree about what a column is called or means.

`columns` says what a column is and how its cell is made from database values,
`tables` lists each public table's rows and columns (`TABLES`), and `writers` reads the
rows as tuples and writes them as CSV or JSON. On PostgreSQL, `copy_out` has the
database write them instead, from the same cells made in SQL (`sql_cells`).
"""
