"""The demo catalog's English translations and the text of every demo lesson, keyed by the Spanish names."""

CATEGORIES = {
    "desarrollo-web": ("Web development", "Frontend, backend and everything in between."),
    "programacion": ("Programming", "Languages, algorithms and good habits to write better code."),
    "datos-e-ia": ("Data and artificial intelligence", "Data analysis, databases and machine learning."),
    "diseno": ("Design and UX", "Interface design, user experience and prototyping."),
    "devops": ("DevOps and cloud", "Containers, continuous delivery and infrastructure as code."),
}

COURSES = {
    "curso-de-react": (
        "React course",
        "Build modern interfaces with components, hooks and state.",
        "Learn to build web applications with React from scratch: components, props, state, hooks, effects and "
        "forms. You will finish with a complete application ready for production.",
    ),
    "curso-de-python": (
        "Python course",
        "Your first programming language, explained step by step.",
        "Python is the ideal language to start programming. You will see variables, data types, conditionals, "
        "loops, functions and modules, with hands-on exercises in every lesson.",
    ),
    "curso-de-javascript": (
        "JavaScript course",
        "The language of the web: from your first script to asynchronous code.",
        "Master the fundamentals of JavaScript: types, functions, objects, arrays, the DOM, events and promises. "
        "The foundation you need for any modern framework.",
    ),
    "curso-de-django": (
        "Django course",
        "Build robust web applications with Python's framework.",
        "Models, views, templates, forms and the Django admin. We will build a complete course platform with "
        "authentication and automated tests.",
    ),
    "curso-de-sql-y-postgresql": (
        "SQL and PostgreSQL course",
        "Query, filter and group data like a pro.",
        "Learn SQL with PostgreSQL: SELECT, JOIN, aggregates, subqueries and indexes. You will design a relational "
        "database and tune it for real queries.",
    ),
    "curso-de-analisis-de-datos-con-pandas": (
        "Data analysis with pandas",
        "Clean, transform and chart data with Python and pandas.",
        "Load data from CSV files and databases, fill in missing values, group, merge and chart information to "
        "make better decisions.",
    ),
    "curso-de-machine-learning": (
        "Machine learning course",
        "Train and evaluate your first machine learning models.",
        "Regression, classification, cross-validation and evaluation metrics with scikit-learn. You will learn "
        "when a model works and when it is fooling you.",
    ),
    "curso-de-diseno-de-interfaces": (
        "Interface design course",
        "Visual principles to design clear, attractive interfaces.",
        "Typography, colour, spacing, visual hierarchy and design systems. You will design the screens of a "
        "mobile app from start to finish.",
    ),
    "curso-de-experiencia-de-usuario": (
        "User experience (UX) course",
        "Research, prototype and test products built around people.",
        "User interviews, journey maps, information architecture, prototypes and usability tests to create "
        "products people love.",
    ),
    "curso-de-docker": (
        "Docker course",
        "Package and run your applications in containers.",
        "Images, containers, volumes, networks and Docker Compose. You will move a web application and its "
        "database into production-ready containers.",
    ),
    "curso-de-git-y-github": (
        "Git and GitHub course",
        "Version your work and collaborate without fear of breaking anything.",
        "Commits, branches, merges, conflicts, pull requests and team workflows. The tool every software "
        "professional uses every day.",
    ),
    "curso-de-typescript": (
        "TypeScript course",
        "Static types to write safer, more maintainable JavaScript.",
        "Basic types, interfaces, generics, utility types and compiler settings. You will migrate a JavaScript "
        "project to TypeScript step by step.",
    ),
    "curso-de-kubernetes": (
        "Kubernetes course",
        "Orchestrate containers in production with high availability.",
        "Pods, deployments, services, ingress and configuration. You will deploy an application that scales "
        "itself in a cluster.",
    ),
}

# Spanish lesson name -> (Spanish description, English name, English description)
LESSONS = {
    "¿Qué es React?": (
        "Por qué React cambió la forma de construir interfaces y qué problema resuelve el DOM virtual.",
        "What is React?",
        "Why React changed how interfaces are built and what problem the virtual DOM solves.",
    ),
    "JSX y componentes": (
        "Escribes tu primer componente y entiendes cómo JSX se convierte en llamadas de JavaScript.",
        "JSX and components",
        "You write your first component and see how JSX turns into JavaScript calls.",
    ),
    "Props y composición": (
        "Pasas datos de un componente a otro y armas pantallas completas combinando piezas pequeñas.",
        "Props and composition",
        "You pass data between components and build whole screens out of small pieces.",
    ),
    "Estado con useState": (
        "Un contador, un carrito y un formulario: tres casos para dominar el estado local.",
        "State with useState",
        "A counter, a cart and a form: three cases to master local state.",
    ),
    "Efectos con useEffect": (
        "Pides datos a una API, limpias suscripciones y evitas los bucles infinitos más comunes.",
        "Effects with useEffect",
        "You fetch data from an API, clean up subscriptions and avoid the most common infinite loops.",
    ),
    "Formularios controlados": (
        "Validas campos mientras el usuario escribe y muestras errores claros antes de enviar.",
        "Controlled forms",
        "You validate fields as the user types and show clear errors before submitting.",
    ),
    "Despliegue de tu aplicación": (
        "Generas el build de producción y publicas la aplicación con un dominio propio.",
        "Deploying your application",
        "You make the production build and publish the app on a domain of your own.",
    ),
    "Instalación de Python": (
        "Instalas Python 3 en Windows, macOS o Linux y ejecutas tu primer programa en la terminal.",
        "Installing Python",
        "You install Python 3 on Windows, macOS or Linux and run your first program in the terminal.",
    ),
    "Variables y tipos de datos": (
        "Números, textos y booleanos: cómo guarda Python la información y cómo convertir entre tipos.",
        "Variables and data types",
        "Numbers, text and booleans: how Python stores information and how to convert between types.",
    ),
    "Condicionales": (
        "if, elif y else para que tu programa tome decisiones, con un juego de adivinanzas.",
        "Conditionals",
        "if, elif and else so your program makes decisions, with a guessing game.",
    ),
    "Bucles for y while": (
        "Repites tareas sin copiar código y recorres listas con for, range y enumerate.",
        "for and while loops",
        "You repeat work without copying code and walk through lists with for, range and enumerate.",
    ),
    "Funciones": (
        "Defines funciones con parámetros y valores de retorno para ordenar tu código.",
        "Functions",
        "You define functions with parameters and return values to organise your code.",
    ),
    "Listas y diccionarios": (
        "Guardas colecciones de datos y construyes una agenda de contactos con diccionarios.",
        "Lists and dictionaries",
        "You store collections of data and build a contact book with dictionaries.",
    ),
    "Módulos y paquetes": (
        "Divides tu programa en archivos e instalas paquetes de terceros con pip.",
        "Modules and packages",
        "You split your program into files and install third-party packages with pip.",
    ),
    "Historia de JavaScript": (
        "De Netscape a los navegadores modernos: de dónde viene JavaScript y por qué está en todas partes.",
        "A history of JavaScript",
        "From Netscape to modern browsers: where JavaScript comes from and why it is everywhere.",
    ),
    "Variables y tipos": (
        "let, const y los tipos primitivos, y por qué conviene olvidarse de var.",
        "Variables and types",
        "let, const and the primitive types, and why you are better off forgetting var.",
    ),
    "Funciones y alcance": (
        "Funciones flecha, closures y el alcance de bloque explicados con ejemplos cortos.",
        "Functions and scope",
        "Arrow functions, closures and block scope explained with short examples.",
    ),
    "Objetos y arreglos": (
        "map, filter y reduce sobre una lista de productos reales.",
        "Objects and arrays",
        "map, filter and reduce over a real list of products.",
    ),
    "El DOM y los eventos": (
        "Cambias la página desde JavaScript y respondes a clics y teclas.",
        "The DOM and events",
        "You change the page from JavaScript and respond to clicks and keys.",
    ),
    "Promesas y async/await": (
        "Pides datos a un servidor sin congelar la página y manejas los errores de red.",
        "Promises and async/await",
        "You request data from a server without freezing the page and handle network errors.",
    ),
    "Arquitectura de Django": (
        "Proyectos, apps y el recorrido de una petición desde la URL hasta la plantilla.",
        "Django's architecture",
        "Projects, apps and the path of a request from the URL to the template.",
    ),
    "Modelos y migraciones": (
        "Defines cursos y clases como modelos y dejas que las migraciones creen las tablas.",
        "Models and migrations",
        "You define courses and lessons as models and let migrations create the tables.",
    ),
    "El administrador": (
        "Configuras el admin de Django para que el equipo cargue contenido desde el primer día.",
        "The admin",
        "You set up the Django admin so the team can enter content from day one.",
    ),
    "Vistas y URLs": (
        "Escribes vistas basadas en funciones y conectas rutas limpias con nombres.",
        "Views and URLs",
        "You write function-based views and wire up clean, named routes.",
    ),
    "Plantillas": (
        "Herencia de plantillas, filtros y etiquetas para no repetir HTML.",
        "Templates",
        "Template inheritance, filters and tags so you never repeat HTML.",
    ),
    "Formularios y validación": (
        "Formularios que validan en el servidor y muestran mensajes que se entienden.",
        "Forms and validation",
        "Forms that validate on the server and show messages people understand.",
    ),
    "Pruebas con pytest": (
        "Pruebas de modelos y vistas con pytest-django para cambiar código sin miedo.",
        "Testing with pytest",
        "Model and view tests with pytest-django so you can change code without fear.",
    ),
    "Bases de datos relacionales": (
        "Tablas, filas, llaves primarias y foráneas con el ejemplo de una tienda en línea.",
        "Relational databases",
        "Tables, rows, primary and foreign keys, with an online shop as the example.",
    ),
    "SELECT y WHERE": (
        "Tus primeras consultas: eliges columnas y filtras filas con condiciones.",
        "SELECT and WHERE",
        "Your first queries: pick columns and filter rows with conditions.",
    ),
    "JOIN entre tablas": (
        "Unes pedidos con clientes y productos, y ves la diferencia entre INNER y LEFT JOIN.",
        "Joining tables",
        "You join orders with customers and products and see how INNER and LEFT JOIN differ.",
    ),
    "Agregaciones y GROUP BY": (
        "Ventas por mes y por categoría con COUNT, SUM y AVG.",
        "Aggregates and GROUP BY",
        "Sales per month and per category with COUNT, SUM and AVG.",
    ),
    "Subconsultas": (
        "Consultas dentro de consultas para responder preguntas de negocio en un solo paso.",
        "Subqueries",
        "Queries inside queries to answer business questions in a single step.",
    ),
    "Índices y rendimiento": (
        "Lees un plan de ejecución con EXPLAIN y creas el índice que acelera la consulta.",
        "Indexes and performance",
        "You read a query plan with EXPLAIN and add the index that speeds it up.",
    ),
    "Series y DataFrames": (
        "Las dos estructuras de pandas y cómo seleccionar filas y columnas.",
        "Series and DataFrames",
        "pandas' two structures and how to select rows and columns.",
    ),
    "Lectura de datos": (
        "Cargas un CSV de ventas y una tabla de PostgreSQL en un DataFrame.",
        "Reading data",
        "You load a sales CSV and a PostgreSQL table into a DataFrame.",
    ),
    "Limpieza de datos": (
        "Valores faltantes, duplicados y fechas mal escritas: los dejas listos para analizar.",
        "Cleaning data",
        "Missing values, duplicates and badly written dates: you get them ready for analysis.",
    ),
    "Agrupaciones": (
        "groupby y tablas dinámicas para resumir miles de filas en una tabla clara.",
        "Grouping",
        "groupby and pivot tables to sum up thousands of rows in one clear table.",
    ),
    "Combinar tablas": (
        "merge y concat para cruzar datos de fuentes distintas sin perder filas.",
        "Merging tables",
        "merge and concat to combine data from different sources without losing rows.",
    ),
    "Visualización básica": (
        "Gráficas de líneas y barras que cuentan una historia a tu equipo.",
        "Basic charts",
        "Line and bar charts that tell your team a story.",
    ),
    "¿Qué es machine learning?": (
        "Qué puede y qué no puede hacer un modelo, con ejemplos de la vida diaria.",
        "What is machine learning?",
        "What a model can and cannot do, with everyday examples.",
    ),
    "Preparación de datos": (
        "Separas entrenamiento y prueba, escalas variables y codificas categorías.",
        "Preparing data",
        "You split training and test sets, scale features and encode categories.",
    ),
    "Regresión lineal": (
        "Predices el precio de una vivienda y lees qué dicen los coeficientes.",
        "Linear regression",
        "You predict a house price and read what the coefficients say.",
    ),
    "Clasificación": (
        "Detectas correos de spam con regresión logística y árboles de decisión.",
        "Classification",
        "You detect spam e-mails with logistic regression and decision trees.",
    ),
    "Validación cruzada": (
        "Por qué una sola división engaña y cómo k-fold da una estimación honesta.",
        "Cross-validation",
        "Why one split fools you and how k-fold gives an honest estimate.",
    ),
    "Métricas de evaluación": (
        "Precisión, exhaustividad y la matriz de confusión aplicadas a un caso médico.",
        "Evaluation metrics",
        "Precision, recall and the confusion matrix applied to a medical case.",
    ),
    "Principios de diseño": (
        "Contraste, alineación, repetición y proximidad en pantallas que usas a diario.",
        "Design principles",
        "Contrast, alignment, repetition and proximity in screens you use every day.",
    ),
    "Tipografía": (
        "Eliges y combinas fuentes legibles y defines una escala de tamaños.",
        "Typography",
        "You choose and pair readable typefaces and set a type scale.",
    ),
    "Teoría del color": (
        "Armas una paleta accesible y compruebas el contraste de cada combinación.",
        "Colour theory",
        "You build an accessible palette and check the contrast of every pair.",
    ),
    "Retículas y espaciado": (
        "Una retícula de 8 puntos para que cada pantalla respire igual.",
        "Grids and spacing",
        "An 8-point grid so every screen breathes the same way.",
    ),
    "Componentes": (
        "Botones, tarjetas y campos reutilizables con estados y variantes.",
        "Components",
        "Reusable buttons, cards and fields with states and variants.",
    ),
    "Sistema de diseño": (
        "Documentas tus componentes para que todo el equipo diseñe con las mismas piezas.",
        "Design system",
        "You document your components so the whole team designs with the same pieces.",
    ),
    "¿Qué es UX?": (
        "La diferencia entre UX y UI, y por qué un producto bonito puede fracasar.",
        "What is UX?",
        "The difference between UX and UI, and why a pretty product can still fail.",
    ),
    "Investigación con usuarios": (
        "Preparas una guía de entrevista y conviertes lo que escuchas en hallazgos.",
        "User research",
        "You prepare an interview guide and turn what you hear into findings.",
    ),
    "Arquitectura de información": (
        "Ordenas el contenido con card sorting para que la gente encuentre lo que busca.",
        "Information architecture",
        "You organise content with card sorting so people find what they look for.",
    ),
    "Prototipado": (
        "De bocetos en papel a un prototipo navegable en una tarde.",
        "Prototyping",
        "From paper sketches to a clickable prototype in an afternoon.",
    ),
    "Pruebas de usabilidad": (
        "Observas a cinco personas usar tu prototipo y priorizas qué arreglar primero.",
        "Usability testing",
        "You watch five people use your prototype and decide what to fix first.",
    ),
    "¿Por qué contenedores?": (
        "El clásico «en mi máquina funciona» y cómo los contenedores lo resuelven.",
        "Why containers?",
        "The classic \u201cit works on my machine\u201d and how containers fix it.",
    ),
    "Imágenes y contenedores": (
        "Descargas imágenes, arrancas contenedores y entras a ellos para explorar.",
        "Images and containers",
        "You pull images, start containers and step inside them to look around.",
    ),
    "Dockerfile": (
        "Escribes un Dockerfile por capas para una aplicación de Python y lo haces liviano.",
        "Dockerfile",
        "You write a layered Dockerfile for a Python app and keep it small.",
    ),
    "Volúmenes y redes": (
        "Guardas los datos de PostgreSQL fuera del contenedor y conectas servicios entre sí.",
        "Volumes and networks",
        "You keep PostgreSQL's data outside the container and connect services to each other.",
    ),
    "Docker Compose": (
        "Levantas la aplicación, la base de datos y Redis con un solo comando.",
        "Docker Compose",
        "You start the app, the database and Redis with one command.",
    ),
    "Buenas prácticas": (
        "Usuarios sin privilegios, imágenes pequeñas y secretos fuera del código.",
        "Good practices",
        "Unprivileged users, small images and secrets kept out of the code.",
    ),
    "¿Qué es el control de versiones?": (
        "Por qué guardar versiones con nombre te salva de perder trabajo.",
        "What is version control?",
        "Why named versions save you from losing work.",
    ),
    "Primeros commits": (
        "Inicias un repositorio, preparas cambios y escribes mensajes de commit útiles.",
        "First commits",
        "You start a repository, stage changes and write useful commit messages.",
    ),
    "Ramas y fusiones": (
        "Trabajas en una rama para cada idea y la integras cuando está lista.",
        "Branches and merges",
        "You work on one branch per idea and merge it when it is ready.",
    ),
    "Resolver conflictos": (
        "Provocas un conflicto a propósito y lo resuelves paso a paso sin pánico.",
        "Resolving conflicts",
        "You cause a conflict on purpose and resolve it step by step, without panic.",
    ),
    "Trabajo remoto con GitHub": (
        "push, pull y fetch con un repositorio en GitHub compartido con tu equipo.",
        "Working remotely with GitHub",
        "push, pull and fetch with a GitHub repository shared with your team.",
    ),
    "Pull requests": (
        "Abres un pull request, pides revisión y respondes comentarios como un profesional.",
        "Pull requests",
        "You open a pull request, ask for review and answer comments like a pro.",
    ),
    "¿Por qué TypeScript?": (
        "Los errores que TypeScript atrapa antes de que lleguen a producción.",
        "Why TypeScript?",
        "The bugs TypeScript catches before they reach production.",
    ),
    "Tipos básicos": (
        "string, number, arrays, tuplas y uniones con ejemplos de un carrito de compras.",
        "Basic types",
        "string, number, arrays, tuples and unions, with a shopping cart as the example.",
    ),
    "Interfaces y tipos": (
        "Describes la forma de tus datos y decides cuándo usar interface y cuándo type.",
        "Interfaces and types",
        "You describe the shape of your data and decide when to use interface or type.",
    ),
    "Genéricos": (
        "Funciones y componentes que sirven para cualquier tipo sin perder seguridad.",
        "Generics",
        "Functions and components that work for any type without losing safety.",
    ),
    "Tipos utilitarios": (
        "Partial, Pick, Omit y Record para no repetir definiciones.",
        "Utility types",
        "Partial, Pick, Omit and Record so you never repeat definitions.",
    ),
    "Migrar un proyecto": (
        "Conviertes un proyecto de JavaScript archivo por archivo sin detener al equipo.",
        "Migrating a project",
        "You convert a JavaScript project file by file without stopping the team.",
    ),
    "Arquitectura de Kubernetes": (
        "El plano de control, los nodos y cómo Kubernetes decide dónde corre cada cosa.",
        "Kubernetes architecture",
        "The control plane, the nodes and how Kubernetes decides where everything runs.",
    ),
    "Pods y deployments": (
        "Despliegas tu primer pod y lo actualizas sin cortar el servicio.",
        "Pods and deployments",
        "You deploy your first pod and update it without downtime.",
    ),
    "Servicios e ingress": (
        "Expones la aplicación dentro y fuera del clúster con un dominio propio.",
        "Services and ingress",
        "You expose the app inside and outside the cluster on a domain of your own.",
    ),
    "Configuración y secretos": (
        "ConfigMaps y Secrets para separar la configuración de la imagen.",
        "Configuration and secrets",
        "ConfigMaps and Secrets to keep configuration out of the image.",
    ),
    "Escalado automático": (
        "El clúster suma réplicas solo cuando llega más tráfico, y las quita después.",
        "Autoscaling",
        "The cluster adds replicas when traffic grows and removes them afterwards.",
    ),
}

# What learners praise or miss in each course: reviews are built from these, so no two courses read alike.
REVIEW_TOPICS = {
    "curso-de-react": ("los hooks", "el estado", "los formularios controlados"),
    "curso-de-python": ("los bucles", "las funciones", "los diccionarios"),
    "curso-de-javascript": ("las promesas", "el DOM", "los closures"),
    "curso-de-django": ("el admin", "las pruebas con pytest", "los formularios"),
    "curso-de-sql-y-postgresql": ("los JOIN", "los índices", "las subconsultas"),
    "curso-de-analisis-de-datos-con-pandas": ("la limpieza de datos", "groupby", "las gráficas"),
    "curso-de-machine-learning": ("la validación cruzada", "las métricas", "la clasificación"),
    "curso-de-diseno-de-interfaces": ("la teoría del color", "la retícula de 8 puntos", "el sistema de diseño"),
    "curso-de-experiencia-de-usuario": ("las entrevistas", "el card sorting", "las pruebas de usabilidad"),
    "curso-de-docker": ("Docker Compose", "el Dockerfile por capas", "los volúmenes"),
    "curso-de-git-y-github": ("los conflictos", "las ramas", "los pull requests"),
    "curso-de-typescript": ("los genéricos", "los tipos utilitarios", "las interfaces"),
    "curso-de-kubernetes": ("los deployments", "el escalado automático", "los secretos"),
}

# Written so that any topic fits, whatever its gender and number.
REVIEW_TEMPLATES = {
    5: [
        "Por fin entendí {topic}. Las explicaciones van al grano y todo se practica.",
        "Solo la parte de {topic} ya vale el curso entero; lo estoy usando en el trabajo.",
        "Clarísimo de principio a fin. Lo que más me sirvió fue lo de {topic}.",
        "Llegué sin saber nada y salí armando mi propio proyecto. Lo de {topic} me voló la cabeza.",
    ],
    4: [
        "Muy buen curso. La parte de {topic} me encantó, aunque algunas clases se sienten largas.",
        "Contenido sólido; me habría gustado un ejercicio más sobre {topic}.",
        "Buen ritmo y buenos ejemplos, sobre todo en la parte de {topic}.",
        "",
    ],
    3: [
        "Está bien, pero la parte de {topic} merecía más tiempo y más práctica.",
        "Cumple, aunque esperaba más profundidad en {topic}.",
        "",
    ],
    2: ["Me costó seguir la parte de {topic}; faltan ejemplos intermedios."],
    1: ["Esperaba otra cosa: lo de {topic} se ve muy por encima."],
}

# Each teacher's headline and biography in English, by slug.
TEACHERS = {
    "freddy-vega": (
        "Founder and web development teacher",
        "He has been teaching people all over Latin America to code for more than fifteen years. He believes online "
        "education can change the lives of millions.",
    ),
    "ana-belisa-martinez": (
        "Software engineer specialised in JavaScript and React",
        "She builds interfaces for products with millions of users. In her courses everything is learnt by building "
        "a real project from start to finish.",
    ),
    "facundo-garcia": (
        "Python and programming fundamentals teacher",
        "He explains hard things with simple examples. Thousands of students wrote their first line of code with him.",
    ),
    "carla-ruiz": (
        "Data scientist and SQL teacher",
        "She works with data in the financial industry and loves helping anyone ask good questions of their data.",
    ),
    "diego-ortiz": (
        "Product designer and UX expert",
        "He has designed mobile apps for banks and start-ups. He teaches design that always thinks of the people who "
        "will use the product.",
    ),
    "valentina-rojas": (
        "DevOps engineer and cloud enthusiast",
        "She has been automating deployments for ten years. Her courses mix just enough theory with plenty of "
        "practice in the terminal.",
    ),
}

# The demo exams in English, keyed by the Spanish question: (question, [answers in the same order]).
EXAM_QUESTIONS = {
    "¿Qué función muestra un texto en la consola?": (
        "Which function prints text to the console?",
        ["print()", "echo()", "console.log()", "write()"],
    ),
    "¿Qué tipo de dato es [1, 2, 3]?": ("What data type is [1, 2, 3]?", ["A tuple", "A list", "A dictionary", "A set"]),
    "¿Cómo se define una función en Python?": (
        "How do you define a function in Python?",
        ["function f():", "fn f():", "def f():", "lambda f():"],
    ),
    '¿Qué devuelve len("año")?': ('What does len("año") return?', ["2", "3", "4", "An error"]),
    "¿Qué estructura guarda pares clave-valor?": (
        "Which structure stores key-value pairs?",
        ["list", "tuple", "dict", "str"],
    ),
    "¿Qué archivo define las rutas de una app de Django?": (
        "Which file defines the routes of a Django app?",
        ["models.py", "urls.py", "admin.py", "apps.py"],
    ),
    "¿Qué comando crea las migraciones?": (
        "Which command creates the migrations?",
        ["migrate", "makemigrations", "runserver", "collectstatic"],
    ),
    "¿Dónde se describen las tablas de la base de datos?": (
        "Where are the database tables described?",
        ["In the views", "In the models", "In the templates"],
    ),
    "¿Qué protege la etiqueta {% csrf_token %}?": (
        "What does the {% csrf_token %} tag protect?",
        ["Passwords", "POST forms", "Images"],
    ),
    "¿Qué ofrece Django para el personal sin escribir vistas?": (
        "What does Django give staff without writing any views?",
        ["The admin", "The ORM", "Signals", "The cache"],
    ),
    "¿Qué palabra declara una variable que no se reasigna?": (
        "Which keyword declares a variable that is never reassigned?",
        ["var", "let", "const", "static"],
    ),
    "¿Qué devuelve typeof null?": ("What does typeof null return?", ['"null"', '"object"', '"undefined"', '"number"']),
    "¿Qué método agrega un elemento al final de un arreglo?": (
        "Which method adds an element to the end of an array?",
        ["push()", "shift()", "pop()", "concat()"],
    ),
    "¿Qué compara valor y tipo a la vez?": ("What compares value and type at once?", ["==", "===", "=", "!="]),
    "¿Qué objeto representa una operación asíncrona?": (
        "Which object represents an asynchronous operation?",
        ["Promise", "Array", "Map", "Symbol"],
    ),
    "¿Qué comando guarda los cambios preparados?": (
        "Which command records the staged changes?",
        ["git add", "git commit", "git push", "git status"],
    ),
    "¿Qué comando crea una rama nueva y se cambia a ella?": (
        "Which command creates a new branch and switches to it?",
        ["git branch -d", "git switch -c", "git merge"],
    ),
    "¿Qué envía tus commits al repositorio remoto?": (
        "What sends your commits to the remote repository?",
        ["git pull", "git fetch", "git push", "git clone"],
    ),
    "¿Qué es un pull request?": (
        "What is a pull request?",
        ["A local copy", "A proposal of changes to review", "A kind of branch"],
    ),
    "¿Qué archivo dice qué no versionar?": (
        "Which file says what not to version?",
        [".gitignore", ".gitconfig", "README.md", ".env"],
    ),
}
